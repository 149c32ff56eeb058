using Aggregator.Contracts;
using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.StateMachines;
using Aggregator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// Sent at most once per attempt: the consumer claims an attempt with a lease on the saga row, so two copies of one
/// command never call the provider together; a command for a settled or unknown message calls nobody; a recorded
/// success stays a success.
/// </summary>
[Category("Integration")]
public class When_copies_of_a_command_meet
{
    [Test]
    public async Task Should_call_the_provider_once_when_two_copies_arrive_together()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message(simulate: "delay-ms:800");
        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Processing);

        await delivery.SendCommandAsync(DeliveryHarness.Command(message));
        await delivery.SendCommandAsync(DeliveryHarness.Command(message));
        await delivery.WaitForState(message.MessageId, m => m.Delivered);
        // The first attempt runs in process, the copies come through the channel's queue.
        await Eventually.True(() => delivery.CommandsConsumed(message.MessageId) >= 2, TimeSpan.FromSeconds(15), "both copies to be consumed");

        Assert.That(delivery.Calls.For(message.MessageId), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_take_over_an_attempt_whose_consumer_died_once_its_lease_has_run_out()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message(simulate: "fail-permanent");
        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Failed);
        // As a redrive would: a fresh cycle whose attempt 2 a consumer claimed and then died with.
        await delivery.ReadAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE message_states SET state = 'Accepted', failed_at = NULL, first_attempt = 2 WHERE message_id = {message.MessageId}"));
        var claim = await delivery.BeginAttemptAsync(message.MessageId, 2);
        var claimedAt = DateTimeOffset.UtcNow;

        await delivery.SendCommandAsync(DeliveryHarness.Command(message) with { FirstAttempt = 2, Metadata = null });
        var delivered = await delivery.WaitForState(message.MessageId, m => m.Delivered, TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(claim.Start, Is.EqualTo(AttemptStart.Claimed));
            Assert.That(delivered.DeliveredAt - claimedAt, Is.GreaterThanOrEqualTo(DeliveryHarness.Lease - TimeSpan.FromSeconds(1)),
                "the copy waited for the dead consumer's lease");
            Assert.That(delivered.Attempts, Is.EqualTo(2));
            Assert.That(delivery.Calls.For(message.MessageId), Is.EqualTo(2), "the permanent failure and the delivery");
        });
    }

    [Test]
    public async Task Should_not_call_the_provider_for_a_failed_message()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message(simulate: "fail-permanent");
        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Failed);
        var callsWhenFailed = delivery.Calls.For(message.MessageId);

        var claim = await delivery.BeginAttemptAsync(message.MessageId, 2);
        await delivery.SendCommandAsync(DeliveryHarness.Command(message) with { FirstAttempt = 2, Metadata = null });
        await Eventually.True(() => delivery.CommandsConsumed(message.MessageId) >= 1 && delivery.Harness.Consumed.Select<DeliverMessage>(
                c => c.Context.Message.MessageId == message.MessageId && c.Context.Message.FirstAttempt == 2 && c.Exception is null).Any(),
            TimeSpan.FromSeconds(10), "the copy to be consumed");

        Assert.Multiple(() =>
        {
            Assert.That(claim.Start, Is.EqualTo(AttemptStart.Settled));
            Assert.That(callsWhenFailed, Is.EqualTo(1));
            Assert.That(delivery.Calls.For(message.MessageId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_not_call_the_provider_for_an_unknown_message()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message();

        var claim = await delivery.BeginAttemptAsync(message.MessageId, 1);
        await delivery.SendCommandAsync(DeliveryHarness.Command(message));
        await Eventually.True(() => delivery.CommandsConsumed(message.MessageId) >= 1, TimeSpan.FromSeconds(10), "the command to be consumed");

        Assert.Multiple(() =>
        {
            Assert.That(claim.Start, Is.EqualTo(AttemptStart.Unknown));
            Assert.That(delivery.Calls.For(message.MessageId), Is.Zero);
        });
    }

    [Test]
    public async Task Should_never_overwrite_a_recorded_success()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message();
        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Delivered);

        await delivery.WithScopeAsync(async services =>
        {
            await services.GetRequiredService<MessageStateWrites>().FinishAttemptAsync(new DeliveryAttempt
            {
                MessageId = message.MessageId,
                Attempt = 1,
                Channel = message.Channel,
                StartedAt = DateTimeOffset.UtcNow,
                FinishedAt = DateTimeOffset.UtcNow,
                Outcome = AttemptOutcome.FailedTransiently,
                Error = "a late copy failed",
            }, CancellationToken.None);
            return 0;
        });
        var attempts = await delivery.AttemptsAsync(message.MessageId);
        var kept = await delivery.ReadAsync(db => db.DeliveryCommands.AnyAsync(c => c.MessageId == message.MessageId));

        Assert.Multiple(() =>
        {
            Assert.That(attempts, Has.Count.EqualTo(1));
            Assert.That(attempts[0].Outcome, Is.EqualTo(AttemptOutcome.Succeeded));
            Assert.That(attempts[0].Error, Is.Null);
            Assert.That(kept, Is.False, "a delivered message's command is not kept");
        });
    }
}
