using Aggregator.Delivery.Receipts;

namespace Aggregator.Tests.Unit.Delivery;

public class When_a_receipt_status_arrives
{
    [TestCase("delivered", "delivered")]
    [TestCase("DELIVERED", "delivered")]
    [TestCase("undelivered", "undelivered")]
    [TestCase("queued", null)]
    [TestCase("accepted", null)]
    [TestCase("sending", null)]
    [TestCase("deleted", null)]
    public void Should_map_the_providers_word_to_the_contracts(string provider, string? expected) =>
        Assert.That(ProviderStatus.From(provider), Is.EqualTo(expected));

    [TestCase(null, "sent", "sent")]
    [TestCase("sent", "delivered", "delivered")]
    [TestCase("delivered", "sent", "delivered")]
    [TestCase("delivered", "read", "read")]
    [TestCase("read", "delivered", "read")]
    [TestCase("failed", "delivered", "delivered")]
    [TestCase("delivered", "failed", "delivered")]
    public void Should_never_move_backwards(string? current, string arriving, string expected) =>
        Assert.That(ProviderStatus.Latest(current, arriving), Is.EqualTo(expected));
}
