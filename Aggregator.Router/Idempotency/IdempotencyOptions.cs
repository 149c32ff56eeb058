using System.ComponentModel.DataAnnotations;

namespace Aggregator.Router.Idempotency;

/// <summary>How long an <c>Idempotency-Key</c> is remembered; bound from <c>Idempotency</c>.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The <c>Retry-After</c> for a repeat that arrives while the first request is still in flight.</summary>
    [Range(1, 3600)]
    public int InFlightRetryAfterSeconds { get; set; } = 1;
}
