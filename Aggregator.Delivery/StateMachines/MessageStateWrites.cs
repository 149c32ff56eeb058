using Aggregator.Contracts;
using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.StatusEvents;
using Aggregator.Delivery.Data;
using Aggregator.Delivery.Receipts;
using Aggregator.Delivery.Sweeping;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.StateMachines;

/// <summary>
/// The transitions the channel consumer makes itself, each one statement under the saga row's lock (so it waits
/// for, and never overwrites, a saga transaction in flight): Scheduled/Accepted/Retrying → Processing when an attempt
/// begins (or → Expired past <c>expiresAt</c>; a new saga whose first attempt runs in process is created Processing), Processing → Delivered together with the record of the attempt that
/// delivered, and Processing → Expired when a retry would come too late. A saga event for each would cost a bus message
/// and a saga transaction per message, and none of them needs anything else the state machine knows. Beside them: the
/// sweeper's marks and the provider status that receipts bring. The claim and the record go through the
/// <see cref="StatementBatcher"/>: the same statements, sharing commits with other messages' under load.
/// </summary>
public sealed class MessageStateWrites(DeliveryDbContext db, StatementBatcher batcher)
{
    private const string Accepted = nameof(MessageStateMachine.Accepted);
    private const string Processing = nameof(MessageStateMachine.Processing);
    private const string Retrying = nameof(MessageStateMachine.Retrying);
    private const string Delivered = nameof(MessageStateMachine.Delivered);
    private const string Expired = nameof(MessageStateMachine.Expired);
    private const string Scheduled = nameof(MessageStateMachine.Scheduled);
    private const string Succeeded = nameof(AttemptOutcome.Succeeded);

    private static readonly string[] Waiting = [Accepted, Retrying];
    // The states whose next attempt has a due time the sweeper watches (a retry's slot, a Scheduled message's sendAt).
    private static readonly string[] Due = [Retrying, Scheduled];
    // A success is the truth about a message: it also settles one that a late or stale failure had already marked Failed.
    private static readonly string[] DeliverableFrom = [Accepted, Processing, Retrying, nameof(MessageStateMachine.Failed)];

    /// <summary>
    /// Accepted/Retrying (or Scheduled once its <c>sendAt</c> is due) → Processing: claims attempt <paramref name="attempt"/>
    /// for <paramref name="lease"/> unless the message was already delivered, is settled (Delivered, Failed, Expired,
    /// Cancelled) or unknown, this attempt's outcome is already known, or another consumer holds the attempt's lease. A
    /// Processing row is taken over only by a later attempt or once its lease has run out (its consumer died). Past the
    /// message's <c>expiresAt</c> the same claim makes it Expired instead (and forgets its kept command): no attempt starts.
    /// </summary>
    public async Task<AttemptClaim> BeginAttemptAsync(Guid messageId, int attempt, DateTimeOffset startedAt, TimeSpan lease, CancellationToken cancellationToken)
    {
        var row = await batcher.RunAsync($"""
            WITH recorded AS (
                SELECT attempt, outcome FROM delivery_attempts WHERE message_id = {messageId}),
            delivered AS (
                SELECT attempt FROM recorded WHERE outcome = {Succeeded} LIMIT 1),
            current AS (
                SELECT state, finished_attempts, lease_until > now() AS leased FROM message_states WHERE message_id = {messageId}),
            claimed AS (
                UPDATE message_states
                SET state = CASE WHEN expires_at <= now() THEN {Expired} ELSE {Processing} END,
                    attempts = CASE WHEN expires_at <= now() THEN attempts ELSE {attempt} END,
                    lease_until = CASE WHEN expires_at <= now() THEN NULL ELSE now() + {lease} END,
                    next_attempt_at = NULL, updated_at = {startedAt}, stuck_since = NULL
                WHERE message_id = {messageId} AND finished_attempts < {attempt} AND attempts <= {attempt}
                  AND NOT EXISTS (SELECT 1 FROM recorded WHERE outcome = {Succeeded} OR attempt = {attempt})
                  AND (state = ANY({Waiting})
                       OR (state = {Scheduled} AND (send_at IS NULL OR send_at <= now()))
                       OR (state = {Processing} AND (attempts < {attempt} OR lease_until IS NULL OR lease_until <= now())))
                RETURNING state),
            forgotten AS (
                DELETE FROM delivery_commands WHERE message_id = {messageId} AND EXISTS (SELECT 1 FROM claimed WHERE state = {Expired}))
            SELECT (SELECT attempt FROM delivered) AS delivered_attempt,
                   (SELECT state FROM claimed) AS claimed_state,
                   (SELECT state FROM current) AS state,
                   GREATEST(COALESCE((SELECT finished_attempts FROM current), 0), COALESCE((SELECT max(attempt) FROM recorded), 0)) AS finished_attempts,
                   COALESCE((SELECT leased FROM current), false) AS leased
            """, ReadClaim, cancellationToken);
        return new AttemptClaim(row switch
        {
            { DeliveredAttempt: not null } => AttemptStart.AlreadyDelivered,
            { ClaimedState: Processing } => AttemptStart.Claimed,
            { ClaimedState: Expired } => AttemptStart.Expired,
            { State: null } => AttemptStart.Unknown,
            { State: not (Accepted or Processing or Retrying) } => AttemptStart.Settled,
            _ when row.FinishedAttempts >= attempt => AttemptStart.Outdated,
            { State: Processing, Leased: true } => AttemptStart.HeldElsewhere,
            _ => AttemptStart.Outdated,
        }, row.DeliveredAttempt, row.State);
    }

    /// <summary>
    /// Processing → Expired after attempt <paramref name="attempt"/> failed and its retry would start after the message's
    /// <c>expiresAt</c> (the attempt itself is already recorded); forgets the kept command. False when the message has
    /// moved on meanwhile.
    /// </summary>
    public async Task<bool> ExpireAfterAttemptAsync(Guid messageId, int attempt, string error, DateTimeOffset at, CancellationToken cancellationToken) =>
        // ToList, not Single: a data-modifying WITH cannot be wrapped in the subquery EF builds to compose Single.
        (await db.Database.SqlQuery<bool>($"""
            WITH expired AS (
                UPDATE message_states
                SET state = {Expired}, attempts = GREATEST(attempts, {attempt}), finished_attempts = GREATEST(finished_attempts, {attempt}),
                    last_error = {error}, next_attempt_at = NULL, lease_until = NULL, updated_at = {at}
                WHERE message_id = {messageId} AND state = {Processing} AND attempts = {attempt}
                RETURNING message_id),
            forgotten AS (
                DELETE FROM delivery_commands WHERE message_id IN (SELECT message_id FROM expired))
            SELECT EXISTS (SELECT 1 FROM expired) AS "Value"
            """).ToListAsync(cancellationToken)).Single();

    /// <summary>
    /// Records how an attempt ended; a success also moves the message Processing → Delivered and forgets its kept
    /// command, all in one statement (one commit). A recorded success is never overwritten by a later outcome of the
    /// same attempt; a message already settled keeps its state, and its attempt is recorded all the same, because it happened.
    /// </summary>
    public Task FinishAttemptAsync(DeliveryAttempt attempt, CancellationToken cancellationToken) =>
        batcher.RunAsync($"""
            WITH recorded AS (
                INSERT INTO delivery_attempts (message_id, attempt, channel, started_at, finished_at, outcome, error, provider, provider_message_id, providers_tried)
                VALUES ({attempt.MessageId}, {attempt.Attempt}, {attempt.Channel.ToString()}, {attempt.StartedAt}, {attempt.FinishedAt},
                        {attempt.Outcome.ToString()}, {attempt.Error}, {attempt.Provider}, {attempt.ProviderMessageId},
                        CAST({ProvidersTriedJson.Write(attempt.ProvidersTried)} AS jsonb))
                ON CONFLICT (message_id, attempt) DO UPDATE
                SET finished_at = EXCLUDED.finished_at, outcome = EXCLUDED.outcome, error = EXCLUDED.error,
                    provider = EXCLUDED.provider, provider_message_id = EXCLUDED.provider_message_id, providers_tried = EXCLUDED.providers_tried
                WHERE delivery_attempts.outcome <> {Succeeded}),
            delivered AS (
                UPDATE message_states
                SET state = {Delivered}, attempts = GREATEST(attempts, {attempt.Attempt}), finished_attempts = GREATEST(finished_attempts, {attempt.Attempt}),
                    delivered_at = {attempt.FinishedAt}, next_attempt_at = NULL, lease_until = NULL, updated_at = {attempt.FinishedAt}
                WHERE {attempt.Outcome == AttemptOutcome.Succeeded} AND message_id = {attempt.MessageId} AND state = ANY({DeliverableFrom})
                RETURNING message_id),
            forgotten AS (
                DELETE FROM delivery_commands WHERE message_id IN (SELECT message_id FROM delivered))
            SELECT EXISTS (SELECT 1 FROM delivered)
            """, rows => rows.Count, cancellationToken);

    /// <summary>
    /// The provider's status of the message whose attempt holds <paramref name="providerMessageId"/>, from the receipt kept
    /// for that id, unless the message already shows that status or a later one. Run after a receipt is kept and after
    /// an attempt with a provider id is recorded: whichever of the two commits second sees the other, so a receipt that
    /// overtakes its attempt's record is never lost. Returns the messages it changed, as they now are.
    /// </summary>
    public async Task<IReadOnlyList<StatusChange>> ApplyReceiptsAsync(string providerMessageId, CancellationToken cancellationToken)
    {
        var changed = await db.Database.SqlQuery<ReceiptAppliedRow>($"""
            UPDATE message_states m
            SET provider_status = r.status
            FROM provider_receipts r JOIN delivery_attempts a ON a.provider_message_id = r.provider_message_id
            WHERE r.provider_message_id = {providerMessageId} AND m.message_id = a.message_id
              AND COALESCE(array_position({ProviderStatus.Order}, m.provider_status::text), 0) < array_position({ProviderStatus.Order}, r.status::text)
            RETURNING m.message_id, m.trace_id, m.channel, m.state, m.attempts, m.provider_status, m.submitted_by
            """).ToListAsync(cancellationToken);
        return changed.Select(m => new StatusChange(m.MessageId, m.TraceId, Enum.Parse<MessageChannel>(m.Channel), m.State, m.Attempts,
            m.ProviderStatus, m.SubmittedBy, DateTimeOffset.UtcNow, IsReceipt: true)).ToList();
    }

    /// <summary>
    /// The messages that have not moved past their deadline (see <c>SweeperOptions</c>), locked for this transaction and
    /// skipped while another sweeper or a consumer holds them, each with its kept command. Processing rows only when
    /// <paramref name="includeProcessing"/>: right after a database outage a live consumer may still be recording an
    /// attempt whose lease ran out while it waited.
    /// </summary>
    public Task<List<StuckMessage>> LockStuckAsync(SweeperOptions deadlines, bool includeProcessing, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<StuckMessage>($"""
            SELECT m.message_id, m.state, m.attempts, m.finished_attempts, c.command,
                   EXISTS (SELECT 1 FROM delivery_attempts a WHERE a.message_id = m.message_id AND a.attempt = m.attempts) AS attempt_recorded
            FROM message_states m LEFT JOIN delivery_commands c ON c.message_id = m.message_id
            WHERE (m.state = {Accepted} AND m.updated_at < now() - {deadlines.AcceptedFor})
               OR (m.state = ANY({Due}) AND m.next_attempt_at < now() - {deadlines.OverdueFor} AND m.updated_at < now() - {deadlines.OverdueFor})
               OR ({includeProcessing} AND m.state = {Processing} AND m.lease_until < now() - {deadlines.LeaseExpiredFor}
                   AND m.updated_at < now() - {deadlines.LeaseExpiredFor})
            ORDER BY m.updated_at
            LIMIT {deadlines.BatchSize}
            FOR UPDATE OF m SKIP LOCKED
            """).ToListAsync(cancellationToken);

    /// <summary>
    /// Restarts the deadline of messages the sweeper sent on, and marks <c>stuck_since</c> on those it could not
    /// (the support list's <c>stuck=true</c>); a claimed attempt clears the mark.
    /// </summary>
    public Task MarkSweptAsync(IReadOnlyList<Guid> resent, IReadOnlyList<Guid> stuck, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE message_states
            SET updated_at = now(),
                stuck_since = CASE WHEN message_id = ANY({stuck.ToArray()}) THEN COALESCE(stuck_since, now()) ELSE stuck_since END
            WHERE message_id = ANY({resent.Concat(stuck).ToArray()})
            """, cancellationToken);

    private static AttemptClaimRow ReadClaim(IReadOnlyList<object?[]> rows) =>
        rows.Single() is [var delivered, var claimed, var state, var finished, var leased]
            ? new AttemptClaimRow((int?)delivered, (string?)claimed, (string?)state, (int)finished!, (bool)leased!)
            : throw new InvalidOperationException("The attempt's claim returned an unexpected row.");

    private sealed record ReceiptAppliedRow(Guid MessageId, string TraceId, string Channel, string State, int Attempts, string? ProviderStatus, string? SubmittedBy);

    private sealed record AttemptClaimRow(int? DeliveredAttempt, string? ClaimedState, string? State, int FinishedAttempts, bool Leased);
}

public enum AttemptStart
{
    /// <summary>This consumer holds the attempt: it may call the provider.</summary>
    Claimed,
    AlreadyDelivered,
    /// <summary>Delivered, Failed, Expired or Cancelled (a redrive starts a new cycle with new commands), or Scheduled and not due yet.</summary>
    Settled,
    /// <summary>Past its <c>expiresAt</c>: the claim made it Expired; no attempt starts.</summary>
    Expired,
    /// <summary>No such message: nothing to deliver.</summary>
    Unknown,
    /// <summary>This attempt's outcome is known, or a later one has begun: the command is a stale copy.</summary>
    Outdated,
    /// <summary>Another copy of this attempt is under way: wait for its outcome or for its lease to run out.</summary>
    HeldElsewhere,
}

public sealed record AttemptClaim(AttemptStart Start, int? DeliveredAttempt, string? State);
