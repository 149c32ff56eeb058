using System.Security.Cryptography;
using Aggregator.Delivery.Data;
using Microsoft.AspNetCore.DataProtection;

namespace Aggregator.Tests.Unit.Delivery;

public class When_text_is_protected_at_rest
{
    private const string Command = """{"MessageId":"0b4d3e1c-5a1e-4c3f-9d7a-0c2f1e6b7a11","Recipient":"jane@example.com","Body":"Your code is 4711"}""";

    private readonly ProtectedText text = new(new EphemeralDataProtectionProvider());

    [Test]
    public void Should_store_neither_recipient_nor_body_in_clear()
    {
        var stored = text.Protect(ProtectedColumn.DeliveryCommand, Command);

        Assert.Multiple(() =>
        {
            Assert.That(stored, Does.Not.Contain("jane@example.com"));
            Assert.That(stored, Does.Not.Contain("4711"));
            Assert.That(ProtectedText.IsProtected(stored), Is.True);
        });
    }

    [Test]
    public void Should_read_back_what_it_protected() =>
        Assert.That(text.Read(ProtectedColumn.ScheduledMessageBody, text.Protect(ProtectedColumn.ScheduledMessageBody, Command)), Is.EqualTo(Command));

    [TestCase(Command)]
    [TestCase("""  {"message":{}}""")]
    [TestCase("")]
    public void Should_read_a_value_stored_before_encryption_as_it_is(string plain) =>
        Assert.That(text.Read(ProtectedColumn.DeliveryCommand, plain), Is.EqualTo(plain));

    [Test]
    public void Should_not_read_one_columns_value_as_another_columns() =>
        Assert.Throws<CryptographicException>(() =>
            text.Read(ProtectedColumn.ScheduledMessageBody, text.Protect(ProtectedColumn.DeliveryCommand, Command)));
}
