using System.ComponentModel.DataAnnotations;

namespace Aggregator.Delivery.Channels;

/// <summary>One channel's simulated provider and consumer settings, bound from <c>Channels:Email</c>, <c>Channels:Sms</c>, <c>Channels:Whatsapp</c>.</summary>
public sealed class ChannelOptions
{
    public const string Section = "Channels";

    /// <summary>How long the simulated provider takes to accept a message.</summary>
    [Range(0, 60_000)]
    public int LatencyMs { get; set; }

    /// <summary>Share of attempts that fail transiently when no <c>simulate</c> directive says otherwise (0 to 1).</summary>
    [Range(0.0, 1.0)]
    public double TransientFailureRate { get; set; }

    [Range(1, 1000)]
    public int PrefetchCount { get; set; } = 32;

    [Range(1, 1000)]
    public int ConcurrentMessageLimit { get; set; } = 32;
}
