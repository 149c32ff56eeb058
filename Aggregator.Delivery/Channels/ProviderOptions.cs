using System.ComponentModel.DataAnnotations;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// What every entry of <c>Channels:&lt;Channel&gt;:Providers:N</c> has, whatever its <see cref="Type"/>; each type's
/// options add its own settings.
/// </summary>
public class ProviderOptions
{
    [Required]
    public string Type { get; set; } = "";

    /// <summary>How the provider appears in the attempt history, logs and metrics; <c>&lt;type&gt;-&lt;N&gt;</c> when not given.</summary>
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,47}$", ErrorMessage = "Name must be 1-48 letters, digits, '.', '_' or '-'.")]
    public string Name { get; set; } = "";

    /// <summary>One call to this provider; a slower one counts as a transient failure and the next provider is tried.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();
}

/// <summary>When this provider's circuit opens: Polly's breaker over its transient failures.</summary>
public sealed class CircuitBreakerOptions
{
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    [Range(2, 10_000)]
    public int MinimumThroughput { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
