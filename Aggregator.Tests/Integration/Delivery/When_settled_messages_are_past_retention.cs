using Aggregator.Delivery.Retention;
using Aggregator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// The retention job (default <c>Retention:Days</c>, 30) over rows written straight into the tables: messages settled
/// 40 days ago go with everything kept for them; recent ones, unsettled ones, and what is still pending stay.
/// </summary>
[Category("Integration")]
public class When_settled_messages_are_past_retention
{
    private static readonly TimeSpan Old = TimeSpan.FromDays(40);
    private static readonly TimeSpan Recent = TimeSpan.FromDays(1);
    private const string NoHeaders = "{}";

    [Test]
    public async Task Should_delete_old_settled_messages_with_their_rows_and_keep_recent_and_unsettled_ones()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var oldDelivered = DeliveryHarness.Message();
        var oldFailed = DeliveryHarness.Message();
        var recentDelivered = DeliveryHarness.Message();
        var oldUnsettled = DeliveryHarness.Message();
        var ids = new Ids();
        await delivery.StrandAsync(oldDelivered, "Delivered", attempts: 1, Old, keepCommand: false);
        await delivery.StrandAsync(oldFailed, "Failed", attempts: 2, Old, keepCommand: true);
        await delivery.StrandAsync(recentDelivered, "Delivered", attempts: 1, Recent, keepCommand: false);
        // Processing with no lease: no sweeper of a parallel spec takes it up meanwhile.
        await delivery.StrandAsync(oldUnsettled, "Processing", attempts: 1, Old, keepCommand: true);
        await InsertAttemptAsync(oldDelivered.MessageId, 1, Old, ids.OldDelivered);
        await InsertAttemptAsync(oldFailed.MessageId, 1, Old, null);
        await InsertAttemptAsync(oldFailed.MessageId, 2, Old, null);
        await InsertAttemptAsync(recentDelivered.MessageId, 1, Recent, ids.RecentDelivered);
        await InsertAttemptAsync(oldUnsettled.MessageId, 1, Old, ids.OldUnsettled);
        await InsertReceiptAsync(ids.OldDelivered, Old);
        await InsertReceiptAsync(ids.RecentDelivered, Recent);
        await InsertReceiptAsync(ids.OldUnsettled, Old);
        await InsertReceiptAsync(ids.OldOrphan, Old);
        await InsertReceiptAsync(ids.RecentOrphan, Recent);
        // Cancelled (empty) rows, so that a dispatcher of a parallel spec only ever drops them.
        var longOverdue = Guid.NewGuid();
        var pending = Guid.NewGuid();
        await InsertScheduledAsync(longOverdue, DateTimeOffset.UtcNow - Old);
        await InsertScheduledAsync(pending, DateTimeOffset.UtcNow + TimeSpan.FromDays(2));

        try
        {
            var deleted = await RunRetentionAsync(delivery);

            var messages = await DeliveryDatabase.ReadAsync(db => db.Messages.Select(m => m.CorrelationId).ToListAsync());
            var attempts = await DeliveryDatabase.ReadAsync(db => db.Attempts.Select(a => a.MessageId).ToListAsync());
            var commands = await DeliveryDatabase.ReadAsync(db => db.DeliveryCommands.Select(c => c.MessageId).ToListAsync());
            var receipts = await DeliveryDatabase.ReadAsync(db => db.Receipts.Select(r => r.ProviderMessageId).ToListAsync());
            var scheduled = await DeliveryDatabase.ReadAsync(db => db.ScheduledMessages.Select(s => s.TokenId).ToListAsync());
            Assert.Multiple(() =>
            {
                Assert.That(deleted, Is.Not.Null, "the job did not run");
                Assert.That(messages, Does.Not.Contain(oldDelivered.MessageId).And.Not.Contain(oldFailed.MessageId), "old settled messages");
                Assert.That(attempts, Does.Not.Contain(oldDelivered.MessageId).And.Not.Contain(oldFailed.MessageId), "their attempts");
                Assert.That(commands, Does.Not.Contain(oldFailed.MessageId), "the failed message's kept command");
                Assert.That(receipts, Does.Not.Contain(ids.OldDelivered).And.Not.Contain(ids.OldOrphan), "their receipts and old orphaned ones");

                Assert.That(messages, Does.Contain(recentDelivered.MessageId).And.Contain(oldUnsettled.MessageId), "recent and unsettled messages");
                Assert.That(attempts, Does.Contain(recentDelivered.MessageId).And.Contain(oldUnsettled.MessageId), "their attempts");
                Assert.That(commands, Does.Contain(oldUnsettled.MessageId), "the unsettled message's kept command");
                Assert.That(receipts, Does.Contain(ids.RecentDelivered).And.Contain(ids.OldUnsettled).And.Contain(ids.RecentOrphan), "their receipts and recent orphaned ones");

                Assert.That(scheduled, Does.Not.Contain(longOverdue), "a scheduled message long past due");
                Assert.That(scheduled, Does.Contain(pending), "a pending scheduled message");
            });
        }
        finally
        {
            // The scheduler's specs wait for an empty table.
            await DeliveryDatabase.ReadAsync(db => db.ScheduledMessages.Where(s => s.TokenId == pending).ExecuteDeleteAsync());
        }
    }

    [Test]
    public async Task Should_leave_the_work_to_the_instance_that_holds_the_lock()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message();

        await using (var other = new Npgsql.NpgsqlConnection(TestServers.Postgres(TestRun.DeliveryDatabase)))
        {
            await other.OpenAsync();
            // Released when the transaction ends: a session lock would stay with the pooled connection.
            await using var hold = other.BeginTransaction();
            await using (var take = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_xact_lock({Aggregator.Delivery.Retention.RetentionJob.RetentionLockKey})", other, hold))
            {
                await take.ExecuteScalarAsync();
            }
            // Written once the lock is held: the retention job of any other Delivery host of the run waits too.
            await delivery.StrandAsync(message, "Delivered", attempts: 1, Old, keepCommand: false);
            var whileHeld = await RunRetentionAsync(delivery);
            Assert.That(whileHeld, Is.Null, "another instance holds the job");
            Assert.That(await ExistsAsync(message.MessageId), Is.True);
        }

        Assert.That(await RunRetentionAsync(delivery), Is.Not.Null);
        Assert.That(await ExistsAsync(message.MessageId), Is.False);
    }

    private static Task<DeletedRows?> RunRetentionAsync(DeliveryHarness delivery) =>
        ActivatorUtilities.CreateInstance<RetentionJob>(delivery.Services).RunAsync(CancellationToken.None);

    private static Task<bool> ExistsAsync(Guid messageId) =>
        DeliveryDatabase.ReadAsync(db => db.Messages.AnyAsync(m => m.CorrelationId == messageId));

    private static Task InsertAttemptAsync(Guid messageId, int attempt, TimeSpan age, string? providerMessageId) =>
        DeliveryDatabase.ReadAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO delivery_attempts (message_id, attempt, channel, started_at, finished_at, outcome, provider, provider_message_id)
            VALUES ({messageId}, {attempt}, 'Sms', now() - {age}, now() - {age}, {(providerMessageId is null ? "FailedTransiently" : "Succeeded")},
                    'simulated-1', {providerMessageId})
            """));

    private static Task InsertReceiptAsync(string providerMessageId, TimeSpan age) =>
        DeliveryDatabase.ReadAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO provider_receipts (provider_message_id, source, status, received_at) VALUES ({providerMessageId}, 'twilio', 'delivered', now() - {age})
            """));

    private static Task InsertScheduledAsync(Guid tokenId, DateTimeOffset dueAt) =>
        DeliveryDatabase.ReadAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO scheduled_messages (token_id, due_at, destination, content_type, body, headers, scheduled_at, cancelled)
            VALUES ({tokenId}, {dueAt}, '', '', '', {NoHeaders}::jsonb, now(), true)
            """));

    /// <summary>Provider message ids of this run of the spec.</summary>
    private sealed class Ids
    {
        private readonly string run = Guid.NewGuid().ToString("N");

        public string OldDelivered => $"SM{run}-old";

        public string RecentDelivered => $"SM{run}-recent";

        public string OldUnsettled => $"SM{run}-unsettled";

        public string OldOrphan => $"SM{run}-old-orphan";

        public string RecentOrphan => $"SM{run}-recent-orphan";
    }
}
