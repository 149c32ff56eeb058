using System.ComponentModel.DataAnnotations;

namespace Aggregator.Router.Idempotency;

/// <summary>How long an <c>Idempotency-Key</c> is remembered; bound from <c>Idempotency</c>.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a claim lives before its request has been answered. Longer than any request can take (the Redis and
    /// publish timeouts), and short, so that a claim whose release failed (Redis away at that moment) does not keep
    /// the key "in flight" for the whole retention.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan PendingLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The <c>Retry-After</c> for a repeat that arrives while the first request is still in flight.</summary>
    [Range(1, 3600)]
    public int InFlightRetryAfterSeconds { get; set; } = 1;
}
