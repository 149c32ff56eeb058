using System.ComponentModel.DataAnnotations;

namespace Aggregator.Router.Security;

/// <summary>A token bucket per client (per API key, or per address when keys are off); bound from <c>RateLimit</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    public bool Enabled { get; set; } = true;

    [Range(1, 1_000_000)]
    public int PermitsPerSecond { get; set; } = 5_000;

    [Range(1, 10_000_000)]
    public int Burst { get; set; } = 10_000;
}
