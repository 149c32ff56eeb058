using System.Diagnostics.Metrics;
using Aggregator.Contracts;
using Aggregator.Delivery.Telemetry;
using Aggregator.ServiceDefaults.Messaging;

namespace Aggregator.Delivery.StateMachines;

/// <summary>The counters of how messages end up, by channel: retries, deliveries and failures.</summary>
public sealed class MessageMetrics
{
    private readonly Counter<long> retries;
    private readonly Counter<long> delivered;
    private readonly Counter<long> failed;

    public MessageMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(DeliveryMeter.Name);
        retries = meter.CreateCounter<long>("aggregator.messages.retries", description: "Transient failures that were scheduled for another attempt.");
        delivered = meter.CreateCounter<long>("aggregator.messages.delivered", description: "Messages delivered.");
        failed = meter.CreateCounter<long>("aggregator.messages.failed", description: "Messages that ended Failed.");
    }

    public void Retrying(MessageChannel channel) => retries.Add(1, Tag(channel));

    public void Delivered(MessageChannel channel) => delivered.Add(1, Tag(channel));

    public void Failed(MessageChannel channel) => failed.Add(1, Tag(channel));

    private static KeyValuePair<string, object?> Tag(MessageChannel channel) => new("channel", MessageChannels.NameOf(channel));
}
