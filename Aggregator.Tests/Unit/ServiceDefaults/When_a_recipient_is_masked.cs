using Aggregator.ServiceDefaults.Logging;

namespace Aggregator.Tests.Unit.ServiceDefaults;

public class When_a_recipient_is_masked
{
    [TestCase("jane@example.com", "j***@example.com")]
    [TestCase("+14155554567", "+1******4567")]
    [TestCase("+123456789012345", "+1**********2345")]
    [TestCase("", "")]
    [TestCase(null, "")]
    public void Should_hide_all_but_what_tells_messages_apart(string? recipient, string expected) =>
        Assert.That(RecipientMask.Mask(recipient), Is.EqualTo(expected));
}
