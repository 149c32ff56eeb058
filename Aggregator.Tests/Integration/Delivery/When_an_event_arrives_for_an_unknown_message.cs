using Aggregator.Contracts;
using Aggregator.Tests.Infrastructure;
using MassTransit;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// Every event that does not start a saga is faulted when its saga does not exist, after the saga
/// endpoint's retries (which cover an event that overtook its saga's creation), so nothing is dropped silently.
/// </summary>
[Category("Integration")]
public class When_an_event_arrives_for_an_unknown_message
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";

    [Test]
    public async Task Should_fault_every_kind_of_event_instead_of_dropping_it()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var failed = NewId.NextGuid();
        var failedPermanently = NewId.NextGuid();
        var redriven = NewId.NextGuid();

        await Task.WhenAll(
            delivery.Bus.Publish(new DeliveryAttemptFailed { MessageId = failed, TraceId = TraceId, Attempt = 1, Error = "x", FailedAt = now, NextAttemptAt = now }),
            delivery.Bus.Publish(new DeliveryAttemptFailedPermanently { MessageId = failedPermanently, TraceId = TraceId, Attempt = 1, Error = "x", FailedAt = now }),
            delivery.Bus.Publish(new RedriveMessage { MessageId = redriven, RequestedAt = now }));

        Assert.Multiple(async () =>
        {
            Assert.That(await delivery.Harness.Published.Any<Fault<DeliveryAttemptFailed>>(m => m.Context.Message.Message.MessageId == failed), Is.True);
            Assert.That(await delivery.Harness.Published.Any<Fault<DeliveryAttemptFailedPermanently>>(m => m.Context.Message.Message.MessageId == failedPermanently), Is.True);
            Assert.That(await delivery.Harness.Published.Any<Fault<RedriveMessage>>(m => m.Context.Message.Message.MessageId == redriven), Is.True);
        });
    }
}
