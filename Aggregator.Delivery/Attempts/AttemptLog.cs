using Aggregator.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.Attempts;

/// <summary>The history of a message's attempts, as the support API shows it. They are written by <c>MessageStateWrites</c>.</summary>
public sealed class AttemptLog(DeliveryDbContext db)
{
    public Task<List<DeliveryAttempt>> HistoryAsync(Guid messageId, CancellationToken cancellationToken) =>
        db.Attempts.AsNoTracking().Where(a => a.MessageId == messageId).OrderBy(a => a.Attempt).ToListAsync(cancellationToken);
}
