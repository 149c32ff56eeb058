using System.ComponentModel.DataAnnotations;

namespace Aggregator.Router.Resilience;

/// <summary>How long the Router waits on Redis and the broker, and when it stops trying for a while; bound from <c>Resilience</c>.</summary>
public sealed class ResilienceOptions
{
    public const string Section = "Resilience";

    /// <summary>The longest one Redis call may take before the request is answered 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest the broker may take to confirm a publish before the request is answered 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Share of failed calls, over <see cref="SamplingDuration"/>, that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    [Range(2, 10_000)]
    public int MinimumThroughput { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an open circuit answers 503 at once, without trying; also the <c>Retry-After</c> it gives.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
