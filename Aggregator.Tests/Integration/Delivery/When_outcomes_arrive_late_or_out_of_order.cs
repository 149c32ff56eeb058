using Aggregator.Contracts;
using Aggregator.Delivery.StateMachines;
using Aggregator.Tests.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// The saga decides from the outcomes themselves, not from MassTransit's fault of the command, and old news (a stale
/// permanent failure, a fault of an earlier cycle, a second copy of a recorded attempt) changes nothing.
/// </summary>
[Category("Integration")]
public class When_outcomes_arrive_late_or_out_of_order
{
    [Test]
    public async Task Should_fail_on_the_last_attempts_outcome_without_waiting_for_the_fault()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message();
        await delivery.StrandAsync(message, "Processing", attempts: 4, TimeSpan.Zero, finishedAttempts: 3);

        await delivery.Bus.Publish(Failure(message, attempt: 4, nextAttemptAt: null));
        var saga = await delivery.WaitForState(message.MessageId, m => m.Failed);

        Assert.Multiple(() =>
        {
            Assert.That(saga.FinishedAttempts, Is.EqualTo(4));
            Assert.That(saga.LastError, Is.EqualTo("attempt 4 failed"));
        });
    }

    [Test]
    public async Task Should_ignore_a_permanent_failure_and_a_fault_of_an_earlier_cycle()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message();
        await delivery.StrandAsync(message, "Accepted", attempts: 4, TimeSpan.Zero, finishedAttempts: 3, firstAttempt: 5);

        await delivery.Bus.Publish(new DeliveryAttemptFailedPermanently
        {
            MessageId = message.MessageId, TraceId = message.TraceId, Attempt = 3, Error = "stale", FailedAt = DateTimeOffset.UtcNow,
        });
        await delivery.Bus.Publish<Fault<DeliverMessage>>(new
        {
            Message = DeliveryHarness.Command(message, firstAttempt: 1),
            Exceptions = Array.Empty<ExceptionInfo>(),
            Timestamp = DateTime.UtcNow,
            FaultId = NewId.NextGuid(),
            FaultMessageTypes = Array.Empty<string>(),
        });
        await Eventually.True(async () => await delivery.Harness.Consumed.Any<DeliveryAttemptFailedPermanently>() && await delivery.Harness.Consumed.Any<Fault<DeliverMessage>>(),
            TimeSpan.FromSeconds(10), "both stale events to be consumed");
        var saga = await delivery.MessageAsync(message.MessageId);

        Assert.That(saga.CurrentState, Is.EqualTo("Accepted"));
    }

    [Test]
    public async Task Should_not_claim_an_attempt_that_is_already_recorded()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message();
        await delivery.StrandAsync(message, "Processing", attempts: 1, TimeSpan.Zero, finishedAttempts: 0, leaseExpired: true);
        await delivery.ReadAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO delivery_attempts (message_id, attempt, channel, started_at, finished_at, outcome, error)
            VALUES ({message.MessageId}, 1, 'Sms', now(), now(), 'FailedTransiently', 'timed out')
            """));

        var claim = await delivery.BeginAttemptAsync(message.MessageId, 1);

        Assert.That(claim.Start, Is.EqualTo(AttemptStart.Outdated), "a second call for an attempt whose outcome is recorded");
    }

    private static DeliveryAttemptFailed Failure(MessageSubmitted message, int attempt, DateTimeOffset? nextAttemptAt) => new()
    {
        MessageId = message.MessageId,
        TraceId = message.TraceId,
        Attempt = attempt,
        Error = $"attempt {attempt} failed",
        FailedAt = DateTimeOffset.UtcNow,
        NextAttemptAt = nextAttemptAt,
    };
}
