using Aggregator.Delivery.Data;
using Aggregator.Delivery.StateMachines;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.Retention;

/// <summary>
/// The retention job's deletes, each one statement over at most <c>batchSize</c> rows, taken <c>SKIP LOCKED</c> so a
/// saga transaction or the dispatcher working on a row is never waited for (the row goes on the next run).
/// </summary>
public sealed class ExpiredRows(DeliveryDbContext db)
{
    private static readonly string[] Settled =
    [
        nameof(MessageStateMachine.Delivered), nameof(MessageStateMachine.Failed), nameof(MessageStateMachine.Expired), nameof(MessageStateMachine.Cancelled),
    ];

    /// <summary>
    /// Delivered, Failed, Expired and Cancelled messages last changed before <paramref name="cutoff"/>, with their attempts, kept commands and
    /// the receipts of those attempts. A message that moved on meanwhile (a redrive) no longer matches when its lock is taken.
    /// </summary>
    public async Task<DeletedRows> DeleteSettledMessagesAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<DeletedRows>($"""
            WITH expired AS (
                SELECT message_id FROM message_states
                -- created_at is implied by updated_at; it lets the creation index find the candidates, so the hot
                -- table needs no index of its own for this job (each one costs every state change).
                WHERE created_at < {cutoff} AND state = ANY({Settled}) AND updated_at < {cutoff}
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED),
            attempts AS (
                DELETE FROM delivery_attempts WHERE message_id IN (SELECT message_id FROM expired) RETURNING provider_message_id),
            receipts AS (
                DELETE FROM provider_receipts WHERE provider_message_id IN (SELECT provider_message_id FROM attempts) RETURNING 1),
            commands AS (
                DELETE FROM delivery_commands WHERE message_id IN (SELECT message_id FROM expired) RETURNING 1),
            -- Runs although nothing reads it: PostgreSQL carries out every data-modifying WITH.
            audit AS (
                DELETE FROM message_audit WHERE message_id IN (SELECT message_id FROM expired)),
            messages AS (
                DELETE FROM message_states WHERE message_id IN (SELECT message_id FROM expired) RETURNING 1)
            SELECT (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM attempts) AS attempts,
                   (SELECT count(*) FROM commands) AS commands, (SELECT count(*) FROM receipts) AS receipts,
                   0::bigint AS scheduled_messages
            """).ToListAsync(cancellationToken);
        return rows.Single();
    }

    /// <summary>Receipts received before <paramref name="cutoff"/> for a provider id that no attempt holds (it never came, or went).</summary>
    public async Task<DeletedRows> DeleteOrphanedReceiptsAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        new(Receipts: await db.Database.ExecuteSqlInterpolatedAsync($"""
            WITH orphaned AS (
                SELECT r.provider_message_id FROM provider_receipts r
                WHERE r.received_at < {cutoff}
                  AND NOT EXISTS (SELECT 1 FROM delivery_attempts a WHERE a.provider_message_id = r.provider_message_id)
                LIMIT {batchSize}
                FOR UPDATE OF r SKIP LOCKED)
            DELETE FROM provider_receipts WHERE provider_message_id IN (SELECT provider_message_id FROM orphaned)
            """, cancellationToken));

    /// <summary>
    /// Scheduled messages due before <paramref name="cutoff"/>: the dispatcher could not send them for all that time. A
    /// pending one (due later) is never touched.
    /// </summary>
    public async Task<DeletedRows> DeleteOverdueScheduledMessagesAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        new(ScheduledMessages: await db.Database.ExecuteSqlInterpolatedAsync($"""
            WITH overdue AS (
                SELECT token_id FROM scheduled_messages WHERE due_at < {cutoff}
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED)
            DELETE FROM scheduled_messages WHERE token_id IN (SELECT token_id FROM overdue)
            """, cancellationToken));
}

/// <summary>How many rows of each table went.</summary>
public sealed record DeletedRows(long Messages = 0, long Attempts = 0, long Commands = 0, long Receipts = 0, long ScheduledMessages = 0)
{
    public long Total => Messages + Attempts + Commands + Receipts + ScheduledMessages;

    public IEnumerable<(string Table, long Count)> ByTable() =>
    [
        ("message_states", Messages), ("delivery_attempts", Attempts), ("delivery_commands", Commands),
        ("provider_receipts", Receipts), ("scheduled_messages", ScheduledMessages),
    ];

    public static DeletedRows operator +(DeletedRows left, DeletedRows right) => new(
        left.Messages + right.Messages, left.Attempts + right.Attempts, left.Commands + right.Commands,
        left.Receipts + right.Receipts, left.ScheduledMessages + right.ScheduledMessages);
}
