using System.ComponentModel.DataAnnotations;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// A <c>Simulated</c> entry of a provider list. A channel with no list uses one with the channel's own
/// <c>LatencyMs</c> and <c>TransientFailureRate</c>.
/// </summary>
public sealed class SimulatedProviderOptions : ProviderOptions
{
    [Range(0, 60_000)]
    public int LatencyMs { get; set; }

    [Range(0.0, 1.0)]
    public double TransientFailureRate { get; set; }

    public static SimulatedProviderOptions Of(ChannelOptions channel) => new()
    {
        Type = ProviderTypes.Simulated,
        Name = "simulated",
        LatencyMs = channel.LatencyMs,
        TransientFailureRate = channel.TransientFailureRate,
    };
}
