using System.Diagnostics.Metrics;
using Aggregator.Contracts;
using Aggregator.Delivery.Telemetry;
using Aggregator.ServiceDefaults.Messaging;

namespace Aggregator.Delivery.Channels;

/// <summary>Each provider's part in attempts, by channel, provider and outcome (an open circuit counts as <c>CircuitOpen</c>).</summary>
public sealed class ProviderMetrics(IMeterFactory meters)
{
    private readonly Counter<long> tries = meters.Create(DeliveryMeter.Name)
        .CreateCounter<long>("aggregator.provider.tries", description: "Provider calls (and skips of providers whose circuit was open) within attempts.");

    public void Tried(MessageChannel channel, ProviderTry tried) => tries.Add(1,
        new KeyValuePair<string, object?>("channel", MessageChannels.NameOf(channel)),
        new KeyValuePair<string, object?>("provider", tried.Provider),
        new KeyValuePair<string, object?>("outcome", tried.Outcome.ToString()));
}
