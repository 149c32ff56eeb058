using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Data;
using Aggregator.Delivery.StateMachines;
using Aggregator.Delivery.StatusEvents;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.Receipts;

/// <summary>
/// Keeps each receipt by provider message id (only ever moving to a later status) and applies it to the message whose
/// attempt holds that id. A receipt for an attempt not recorded yet stays kept; the attempt's record applies it.
/// </summary>
public sealed class ReceiptBook(
    DeliveryDbContext db, MessageStateWrites states, StatusEventPublisher statusEvents, IPublishEndpoint publisher, ReceiptMetrics metrics, TimeProvider clock)
{
    public async Task RecordAsync(string source, string? providerMessageId, string? providerStatus, CancellationToken cancellationToken)
    {
        var status = ProviderStatus.From(providerStatus);
        if (status is null || string.IsNullOrEmpty(providerMessageId) || providerMessageId.Length > ErrorText.MaxProviderMessageIdLength)
        {
            metrics.Received(source, providerStatus?.ToLowerInvariant(), "ignored");
            return;
        }
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO provider_receipts (provider_message_id, source, status, received_at)
            VALUES ({providerMessageId}, {source}, {status}, {clock.GetUtcNow()})
            ON CONFLICT (provider_message_id) DO UPDATE
            SET status = EXCLUDED.status, received_at = EXCLUDED.received_at
            WHERE array_position({ProviderStatus.Order}, EXCLUDED.status::text) > array_position({ProviderStatus.Order}, provider_receipts.status::text)
            """, cancellationToken);
        var applied = await states.ApplyReceiptsAsync(providerMessageId, cancellationToken);
        metrics.Received(source, status, applied.Count > 0 ? "applied" : "kept");
        foreach (var change in applied)
        {
            await statusEvents.PublishAsync(publisher, change, cancellationToken);
        }
    }

    public void Rejected(string source) => metrics.Received(source, null, "rejected");

    /// <summary>The kept status of each of <paramref name="providerMessageIds"/> that has one.</summary>
    public Task<Dictionary<string, string>> StatusesAsync(IReadOnlyCollection<string> providerMessageIds, CancellationToken cancellationToken) =>
        db.Receipts.AsNoTracking()
            .Where(r => providerMessageIds.Contains(r.ProviderMessageId))
            .ToDictionaryAsync(r => r.ProviderMessageId, r => r.Status, cancellationToken);
}
