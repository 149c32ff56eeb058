using Aggregator.Contracts;
using Aggregator.Delivery.Attempts;
using Aggregator.Tests.Infrastructure;
using MassTransit;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>Retry behaviour on the harness, whose redelivery intervals are 100, 200 and 300 ms.</summary>
[Category("Integration")]
public class When_a_delivery_fails
{
    [Test]
    public async Task Should_deliver_on_the_third_attempt_after_two_transient_failures()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message(simulate: "fail-times:2");

        await delivery.Bus.Publish(message);
        var saga = await delivery.WaitForState(message.MessageId, m => m.Delivered);
        var attempts = await delivery.AttemptsAsync(message.MessageId);
        var failures = await Eventually.Get(() =>
        {
            var consumed = delivery.Saga.Consumed.Select<DeliveryAttemptFailed>(m => m.Context.Message.MessageId == message.MessageId)
                .Select(m => m.Context.Message).OrderBy(m => m.Attempt).ToList();
            return Task.FromResult((consumed.Count >= 2, consumed));
        }, TimeSpan.FromSeconds(10), "the saga to consume both failures");

        Assert.Multiple(() =>
        {
            Assert.That(saga.Attempts, Is.EqualTo(3));
            Assert.That(saga.LastError, Does.Contain("attempt 2"));
            Assert.That(attempts.Select(a => a.Outcome), Is.EqualTo(new[]
            {
                AttemptOutcome.FailedTransiently, AttemptOutcome.FailedTransiently, AttemptOutcome.Succeeded,
            }));
            // The harness's redelivery intervals: each retry is due exactly that long after its failure.
            Assert.That(failures.Select(f => f.NextAttemptAt - f.FailedAt),
                Is.EqualTo(new TimeSpan?[] { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200) }));
        });
    }

    [Test]
    public async Task Should_be_failed_after_four_attempts_when_every_attempt_fails()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message(simulate: "fail-always");

        await delivery.Bus.Publish(message);
        var saga = await delivery.WaitForState(message.MessageId, m => m.Failed);
        var attempts = await delivery.AttemptsAsync(message.MessageId);

        Assert.Multiple(() =>
        {
            Assert.That(saga.Attempts, Is.EqualTo(4));
            Assert.That(saga.FailedAt, Is.Not.Null);
            Assert.That(attempts, Has.Count.EqualTo(4).And.All.Property(nameof(DeliveryAttempt.Outcome)).EqualTo(AttemptOutcome.FailedTransiently));
            Assert.That(delivery.Harness.Published.Select<Fault<DeliverMessage>>(m => m.Context.Message.Message.MessageId == message.MessageId).Any(), Is.True);
            Assert.That(delivery.Calls.For(message.MessageId), Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Should_be_failed_at_once_on_a_permanent_failure()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message(simulate: "fail-permanent");

        await delivery.Bus.Publish(message);
        var saga = await delivery.WaitForState(message.MessageId, m => m.Failed);

        Assert.Multiple(async () =>
        {
            Assert.That(saga.Attempts, Is.EqualTo(1));
            Assert.That(saga.LastError, Does.Contain("rejected"));
            Assert.That((await delivery.AttemptsAsync(message.MessageId)).Single().Outcome, Is.EqualTo(AttemptOutcome.FailedPermanently));
            Assert.That(delivery.Calls.For(message.MessageId), Is.EqualTo(1));
        });
    }
}
