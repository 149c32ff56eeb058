using Aggregator.Contracts;
using Aggregator.Delivery.StateMachines;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// The channel consumer marks the saga's row Processing as it begins an attempt and Delivered as it records a success
/// (no saga events); the saga's own transitions must still be right when a failure's outcome reaches it after the next
/// attempt has begun.
/// </summary>
[Category("Integration")]
public class When_an_attempt_is_under_way
{
    [Test]
    public async Task Should_show_processing_while_the_provider_is_called_and_delivered_after()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message(simulate: "delay-ms:1500");

        await delivery.Bus.Publish(message);
        var processing = await delivery.WaitForState(message.MessageId, m => m.Processing);
        var delivered = await delivery.WaitForState(message.MessageId, m => m.Delivered);

        Assert.Multiple(() =>
        {
            Assert.That(processing.Attempts, Is.EqualTo(1));
            Assert.That(processing.DeliveredAt, Is.Null);
            Assert.That(delivered.Attempts, Is.EqualTo(1));
            Assert.That(delivery.Calls.For(message.MessageId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_stay_processing_when_a_failure_arrives_after_the_next_attempt_began()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message(simulate: "delay-ms:1500");
        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Processing);

        // Attempt 2 begins before the saga has heard how attempt 1 ended.
        await delivery.BeginAttemptAsync(message.MessageId, 2);
        await delivery.Bus.Publish(new DeliveryAttemptFailed
        {
            MessageId = message.MessageId,
            TraceId = message.TraceId,
            Attempt = 1,
            Error = "late outcome of attempt 1",
            FailedAt = DateTimeOffset.UtcNow,
            NextAttemptAt = DateTimeOffset.UtcNow.AddSeconds(1),
        });
        var saga = await Eventually.Get(
            async () =>
            {
                var state = await delivery.MessageAsync(message.MessageId);
                return (state.FinishedAttempts == 1, state);
            },
            TimeSpan.FromSeconds(10),
            "the saga to settle attempt 1");

        Assert.Multiple(() =>
        {
            Assert.That(saga.CurrentState, Is.EqualTo("Processing"));
            Assert.That(saga.Attempts, Is.EqualTo(2));
            Assert.That(saga.LastError, Is.EqualTo("late outcome of attempt 1"));
            Assert.That(saga.NextAttemptAt, Is.Null);
        });
        await delivery.WaitForState(message.MessageId, m => m.Delivered);
    }

    [Test]
    public async Task Should_leave_a_delivered_message_alone_when_a_stale_command_begins_again()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message();
        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Delivered);

        var claim = await delivery.BeginAttemptAsync(message.MessageId, 2);
        var saga = await delivery.MessageAsync(message.MessageId);

        Assert.Multiple(() =>
        {
            Assert.That(claim.Start, Is.EqualTo(AttemptStart.AlreadyDelivered));
            Assert.That(claim.DeliveredAttempt, Is.EqualTo(1));
            Assert.That(saga.CurrentState, Is.EqualTo("Delivered"));
            Assert.That(saga.Attempts, Is.EqualTo(1));
        });
    }
}
