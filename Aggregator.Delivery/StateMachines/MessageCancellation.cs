using Aggregator.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.StateMachines;

/// <summary>
/// Scheduled, Accepted or Retrying → Cancelled, decided and written in one transaction under the saga row's lock, so
/// it is either before an attempt's claim (which then finds the message Cancelled and sends nothing, whatever copy of
/// its command is queued or scheduled) or after it (Processing: not cancellable). The kept command, the only clear copy of
/// the message in PostgreSQL, goes with it; the cancel is in the message's history.
/// </summary>
public sealed class MessageCancellation(DeliveryDbContext db, ILogger<MessageAuditEntry> logger)
{
    public static readonly string[] Cancellable =
        [nameof(MessageStateMachine.Scheduled), nameof(MessageStateMachine.Accepted), nameof(MessageStateMachine.Retrying)];

    /// <summary>
    /// Cancels the message if <paramref name="visible"/> lets the caller see it and its state allows; the message as it
    /// was found (null when unknown or not the caller's) and whether it was cancelled.
    /// </summary>
    public async Task<(MessageState? Message, bool Cancelled)> CancelAsync(
        Guid messageId, Func<IQueryable<MessageState>, IQueryable<MessageState>> visible, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var message = await visible(db.Messages.FromSql($"SELECT * FROM message_states WHERE message_id = {messageId} FOR UPDATE"))
            .SingleOrDefaultAsync(cancellationToken);
        if (message is null || !Cancellable.Contains(message.CurrentState))
        {
            return (message, false);
        }
        var entry = new MessageAuditEntry { MessageId = messageId, Action = "cancel", By = by, At = at, FromState = message.CurrentState };
        db.Audit.Add(entry);
        message.CurrentState = nameof(MessageStateMachine.Cancelled);
        message.NextAttemptAt = null;
        message.LeaseUntil = null;
        message.UpdatedAt = at;
        await db.DeliveryCommands.Where(c => c.MessageId == messageId).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // The properties of every state change line (StateChangeLog), so one field holds the new state wherever it was written.
        logger.LogInformation("Message {MessageId} {From:l} -> {To:l} ({Channel}, attempt {Attempt}): {Action:l} by {By:l}",
            entry.MessageId, entry.FromState, message.CurrentState, message.Channel, message.Attempts, entry.Action, entry.By);
        return (message, true);
    }
}
