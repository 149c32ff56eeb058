using System.ComponentModel.DataAnnotations;

namespace Aggregator.ServiceDefaults.Logging;

/// <summary>Where and how log lines are shipped to the Logging service; bound from <c>LogShipping</c>. No Url, no shipping.</summary>
public sealed class LogShippingOptions
{
    public const string Section = "LogShipping";

    /// <summary>The Logging service's base address, e.g. http://localhost:4000.</summary>
    public string? Url { get; set; }

    /// <summary>A key with the <c>logs-write</c> role, sent as <c>X-Api-Key</c>, where the Logging service has keys configured.</summary>
    [RegularExpression(@"^[\x21-\x7E]{1,256}$", ErrorMessage = "LogShipping:ApiKey must be 1-256 printable ASCII characters (it is sent in a header).")]
    public string? ApiKey { get; set; }

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most lines held while the Logging service is away; beyond it the oldest are dropped (the console has them all).</summary>
    [Range(100, 10_000_000)]
    public int QueueLimit { get; set; } = 100_000;

    /// <summary>How long a batch is retried, with growing pauses, before it is given up.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetryTimeLimit { get; set; } = TimeSpan.FromMinutes(10);
}
