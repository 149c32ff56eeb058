using System.Diagnostics.Metrics;
using Aggregator.Contracts;
using Aggregator.Delivery.Telemetry;
using Aggregator.ServiceDefaults.Messaging;

namespace Aggregator.Delivery.StateMachines;

/// <summary>The counters of how messages end up, by channel: retries, deliveries, failures, expiries and cancels.</summary>
public sealed class MessageMetrics
{
    private readonly Counter<long> retries;
    private readonly Counter<long> delivered;
    private readonly Counter<long> failed;
    private readonly Counter<long> expired;
    private readonly Counter<long> cancelled;

    public MessageMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(DeliveryMeter.Name);
        retries = meter.CreateCounter<long>("aggregator.messages.retries", description: "Transient failures that were scheduled for another attempt.");
        delivered = meter.CreateCounter<long>("aggregator.messages.delivered", description: "Messages delivered.");
        failed = meter.CreateCounter<long>("aggregator.messages.failed", description: "Messages that ended Failed.");
        expired = meter.CreateCounter<long>("aggregator.messages.expired", description: "Messages that ended Expired: no attempt could start before expiresAt.");
        cancelled = meter.CreateCounter<long>("aggregator.messages.cancelled", description: "Messages cancelled before an attempt sent them.");
    }

    public void Retrying(MessageChannel channel) => retries.Add(1, Tag(channel));

    public void Delivered(MessageChannel channel) => delivered.Add(1, Tag(channel));

    public void Failed(MessageChannel channel) => failed.Add(1, Tag(channel));

    public void Expired(MessageChannel channel) => expired.Add(1, Tag(channel));

    public void Cancelled(MessageChannel channel) => cancelled.Add(1, Tag(channel));

    private static KeyValuePair<string, object?> Tag(MessageChannel channel) => new("channel", MessageChannels.NameOf(channel));
}
