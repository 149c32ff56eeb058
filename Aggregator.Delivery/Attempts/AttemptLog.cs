using Aggregator.Delivery.Data;
using Aggregator.Delivery.StateMachines;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.Attempts;

/// <summary>
/// The durable record of every delivery attempt; also what makes a redelivered command harmless. The start and the
/// success of an attempt also write the saga's row (<c>Processing</c>, <c>Delivered</c>) in the same statement: a saga
/// event for each would cost a bus message and a saga transaction per message, and these two moves need nothing the
/// state machine knows. The row lock makes each statement wait for (never overwrite) a saga transaction in flight.
/// </summary>
public sealed class AttemptLog(DeliveryDbContext db)
{
    /// <summary>The states in which an attempt may begin or deliver; Delivered and Failed are final (until a redrive).</summary>
    private static readonly string[] Unsettled =
        [nameof(MessageStateMachine.Accepted), nameof(MessageStateMachine.Processing), nameof(MessageStateMachine.Retrying)];

    /// <summary>
    /// Begins an attempt in one statement (one round trip, one commit): returns the attempt that already
    /// delivered the message, if one did; otherwise marks the message <c>Processing</c>. An attempt older than
    /// one already settled, or a message already Delivered or Failed, is left as it is.
    /// </summary>
    public async Task<DeliveryAttempt?> BeginAsync(Guid messageId, int attempt, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var delivered = await db.Attempts.FromSql($"""
            WITH delivered AS (
                SELECT * FROM delivery_attempts WHERE message_id = {messageId} AND outcome = {nameof(AttemptOutcome.Succeeded)} LIMIT 1),
            started AS (
                UPDATE message_states
                SET state = {nameof(MessageStateMachine.Processing)}, attempts = GREATEST(attempts, {attempt}), next_attempt_at = NULL, updated_at = {startedAt}
                WHERE message_id = {messageId} AND state = ANY({Unsettled}) AND finished_attempts < {attempt}
                  AND NOT EXISTS (SELECT 1 FROM delivered))
            SELECT * FROM delivered
            """).AsNoTracking().ToListAsync(cancellationToken);
        return delivered.FirstOrDefault();
    }

    /// <summary>
    /// Writes the attempt's outcome; a success also moves the message to <c>Delivered</c> in the same statement (one
    /// commit). Recording the same attempt twice (a broker redelivery) keeps the latest outcome; a message already
    /// Delivered or Failed keeps its state, and its attempt is recorded all the same, because it happened.
    /// </summary>
    public Task RecordAsync(DeliveryAttempt attempt, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            WITH recorded AS (
                INSERT INTO delivery_attempts (message_id, attempt, channel, started_at, finished_at, outcome, error, provider_message_id)
                VALUES ({attempt.MessageId}, {attempt.Attempt}, {attempt.Channel.ToString()}, {attempt.StartedAt}, {attempt.FinishedAt},
                        {attempt.Outcome.ToString()}, {attempt.Error}, {attempt.ProviderMessageId})
                ON CONFLICT (message_id, attempt) DO UPDATE
                SET finished_at = EXCLUDED.finished_at, outcome = EXCLUDED.outcome, error = EXCLUDED.error,
                    provider_message_id = EXCLUDED.provider_message_id)
            UPDATE message_states
            SET state = {nameof(MessageStateMachine.Delivered)}, attempts = GREATEST(attempts, {attempt.Attempt}), finished_attempts = GREATEST(finished_attempts, {attempt.Attempt}),
                delivered_at = {attempt.FinishedAt}, next_attempt_at = NULL, updated_at = {attempt.FinishedAt}
            WHERE {attempt.Outcome == AttemptOutcome.Succeeded} AND message_id = {attempt.MessageId} AND state = ANY({Unsettled})
            """, cancellationToken);

    public Task<List<DeliveryAttempt>> HistoryAsync(Guid messageId, CancellationToken cancellationToken) =>
        db.Attempts.AsNoTracking().Where(a => a.MessageId == messageId).OrderBy(a => a.Attempt).ToListAsync(cancellationToken);
}
