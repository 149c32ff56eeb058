using Aggregator.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.Attempts;

/// <summary>The durable record of every delivery attempt; also what makes a redelivered command harmless.</summary>
public sealed class AttemptLog(DeliveryDbContext db)
{
    /// <summary>Writes the attempt; recording the same attempt twice (a broker redelivery) keeps the latest outcome.</summary>
    public Task RecordAsync(DeliveryAttempt attempt, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO delivery_attempts (message_id, attempt, channel, started_at, finished_at, outcome, error, provider_message_id)
            VALUES ({attempt.MessageId}, {attempt.Attempt}, {attempt.Channel.ToString()}, {attempt.StartedAt}, {attempt.FinishedAt},
                    {attempt.Outcome.ToString()}, {attempt.Error}, {attempt.ProviderMessageId})
            ON CONFLICT (message_id, attempt) DO UPDATE
            SET finished_at = EXCLUDED.finished_at, outcome = EXCLUDED.outcome, error = EXCLUDED.error,
                provider_message_id = EXCLUDED.provider_message_id
            """, cancellationToken);

    /// <summary>The attempt that delivered the message, if one did.</summary>
    public Task<DeliveryAttempt?> FindSuccessAsync(Guid messageId, CancellationToken cancellationToken) =>
        db.Attempts.AsNoTracking()
            .Where(a => a.MessageId == messageId && a.Outcome == AttemptOutcome.Succeeded)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<List<DeliveryAttempt>> HistoryAsync(Guid messageId, CancellationToken cancellationToken) =>
        db.Attempts.AsNoTracking().Where(a => a.MessageId == messageId).OrderBy(a => a.Attempt).ToListAsync(cancellationToken);
}
