using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.Delivery.Sweeping;
using Aggregator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
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
        await StrandAsync(delivery, message, "Accepted", attempts: 0, keepCommand: true);

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
        await StrandAsync(delivery, message, "Retrying", attempts: 1, keepCommand: true);

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
        await StrandAsync(delivery, message, "Accepted", attempts: 0, keepCommand: false);

        await SweepAsync(delivery);
        var saga = await delivery.MessageAsync(message.MessageId);

        Assert.Multiple(() =>
        {
            Assert.That(saga.StuckSince, Is.Not.Null);
            Assert.That(saga.CurrentState, Is.EqualTo("Accepted"));
            Assert.That(delivery.CommandsConsumed(message.MessageId), Is.Zero);
        });
    }

    [Test]
    public async Task Should_leave_the_sweep_to_the_instance_that_holds_the_lock()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message();
        await StrandAsync(delivery, message, "Accepted", attempts: 0, keepCommand: true);

        await using (var other = new Npgsql.NpgsqlConnection(TestServers.Postgres(TestRun.DeliveryDatabase)))
        {
            await other.OpenAsync();
            await using var hold = other.BeginTransaction();
            await using (var command = new Npgsql.NpgsqlCommand("SELECT pg_advisory_xact_lock(7414651031)", other, hold))
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

    /// <summary>A saga row as a lost command or redelivery would leave it: an hour without a move.</summary>
    private static Task StrandAsync(DeliveryHarness delivery, MessageSubmitted message, string state, int attempts, bool keepCommand) =>
        delivery.ReadAsync(async db =>
        {
            var command = JsonSerializer.Serialize(new DeliverMessage
            {
                MessageId = message.MessageId,
                TraceId = message.TraceId,
                FirstAttempt = 1,
                Channel = message.Channel,
                Recipient = message.Recipient,
                Body = message.Body,
            });
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO message_states (message_id, state, trace_id, channel, recipient, attempts, finished_attempts, created_at, updated_at, next_attempt_at)
                VALUES ({message.MessageId}, {state}, {message.TraceId}, {message.Channel.ToString()}, '+1******2671', {attempts}, {attempts},
                        now() - interval '1 hour', now() - interval '1 hour', CASE WHEN {state} = 'Retrying' THEN now() - interval '1 hour' END)
                """);
            if (keepCommand)
            {
                await db.Database.ExecuteSqlAsync($"INSERT INTO delivery_commands (message_id, command, kept_at) VALUES ({message.MessageId}, {command}, now())");
            }
            return 0;
        });
}
