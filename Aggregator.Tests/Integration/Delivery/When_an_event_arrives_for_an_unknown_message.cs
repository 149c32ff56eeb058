using Aggregator.Contracts;
using Aggregator.Tests.Infrastructure;
using MassTransit;

namespace Aggregator.Tests.Integration.Delivery;

[Category("Integration")]
public class When_an_event_arrives_for_an_unknown_message
{
    [Test]
    public async Task Should_fault_it_after_retries_instead_of_dropping_it()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var unknown = NewId.NextGuid();

        await delivery.Bus.Bus.Publish(new DeliveryAttemptSucceeded
        {
            MessageId = unknown,
            TraceId = "0af7651916cd43dd8448eb211c80319c",
            Attempt = 1,
            DeliveredAt = DateTimeOffset.UtcNow,
            ProviderMessageId = "sms-x",
        });

        Assert.That(await delivery.Bus.Published.Any<Fault<DeliveryAttemptSucceeded>>(m => m.Context.Message.Message.MessageId == unknown), Is.True);
    }
}
