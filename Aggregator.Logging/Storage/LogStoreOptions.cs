using System.ComponentModel.DataAnnotations;

namespace Aggregator.Logging.Storage;

/// <summary>How lines are taken in and kept; bound from <c>LogStore</c>.</summary>
public sealed class LogStoreOptions
{
    public const string Section = "LogStore";

    /// <summary>Lines waiting to be written; past it ingestion answers 503 instead of growing memory.</summary>
    [Range(100, 10_000_000)]
    public int QueueCapacity { get; set; } = 100_000;

    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 2_000;

    /// <summary>The longest pause between attempts while the store is unavailable; pauses double up to it from 200 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan RetryPauseLimit { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 14;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);
}
