using Aggregator.Contracts;
using Aggregator.Delivery.Sweeping;
using Aggregator.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// The sweeper drives on a message whose command or redelivery was lost (it has not moved past its deadline), sends
/// it once however many sweepers run, and reports what it has nothing to send on with.
/// </summary>
[Category("Integration")]
public class When_a_message_is_stuck
{
    [Test]
    public async Task Should_send_an_accepted_message_on_when_its_command_was_lost()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message();
        await delivery.StrandAsync(message, "Accepted", attempts: 0, TimeSpan.FromHours(1), keepCommand: true, finishedAttempts: 0);

        await SweepAsync(delivery);
        var delivered = await delivery.WaitForState(message.MessageId, m => m.Delivered);

        Assert.Multiple(() =>
        {
            Assert.That(delivered.Attempts, Is.EqualTo(1));
            Assert.That(delivery.Calls.For(message.MessageId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_send_the_next_attempt_of_a_retry_that_was_lost()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message();
        await delivery.StrandAsync(message, "Retrying", attempts: 1, TimeSpan.FromHours(1), keepCommand: true, finishedAttempts: 1);

        await SweepAsync(delivery);
        var delivered = await delivery.WaitForState(message.MessageId, m => m.Delivered);
        var attempts = await delivery.AttemptsAsync(message.MessageId);

        Assert.Multiple(() =>
        {
            Assert.That(delivered.Attempts, Is.EqualTo(2), "numbered on from the attempt that failed");
            Assert.That(attempts.Select(a => a.Attempt), Is.EqualTo(new[] { 2 }));
        });
    }

    [Test]
    public async Task Should_report_a_message_it_cannot_send_on_and_leave_it_to_an_operator()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message();
        await delivery.StrandAsync(message, "Accepted", attempts: 0, TimeSpan.FromHours(1), keepCommand: false, finishedAttempts: 0);

        await SweepAsync(delivery);
        var saga = await delivery.MessageAsync(message.MessageId);

        Assert.Multiple(async () =>
        {
            Assert.That(saga.StuckSince, Is.Not.Null);
            Assert.That(saga.CurrentState, Is.EqualTo("Accepted"));
            Assert.That(delivery.CommandsConsumed(message.MessageId), Is.Zero);
            // Read at once the count above could miss a command sent but not yet consumed; the harness waits for quiet.
            Assert.That(await delivery.Harness.Sent.Any<DeliverMessage>(s => s.Context.Message.MessageId == message.MessageId), Is.False);
        });
    }

    [Test]
    public async Task Should_leave_the_sweep_to_the_instance_that_holds_the_lock()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message();
        await delivery.StrandAsync(message, "Accepted", attempts: 0, TimeSpan.FromHours(1), keepCommand: true, finishedAttempts: 0);

        await using (var other = new Npgsql.NpgsqlConnection(TestServers.Postgres(TestRun.DeliveryDatabase)))
        {
            await other.OpenAsync();
            await using var hold = other.BeginTransaction();
            await using (var command = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_xact_lock({Aggregator.Delivery.Sweeping.StuckMessageSweeper.SweepLockKey})", other, hold))
            {
                await command.ExecuteScalarAsync();
            }
            await SweepAsync(delivery);
            var whileHeld = await delivery.MessageAsync(message.MessageId);
            Assert.That(whileHeld.UpdatedAt, Is.LessThan(DateTimeOffset.UtcNow.AddMinutes(-30)), "another instance holds the sweep");
        }

        await SweepAsync(delivery);
        await delivery.WaitForState(message.MessageId, m => m.Delivered);
        Assert.That(delivery.Calls.For(message.MessageId), Is.EqualTo(1));
    }

    private static Task SweepAsync(DeliveryHarness delivery) =>
        delivery.WithScopeAsync(async services =>
        {
            await ActivatorUtilities.CreateInstance<StuckMessageSweeper>(services).SweepAsync(CancellationToken.None);
            return 0;
        });
}
