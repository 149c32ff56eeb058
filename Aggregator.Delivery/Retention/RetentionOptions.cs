using System.ComponentModel.DataAnnotations;

namespace Aggregator.Delivery.Retention;

/// <summary>How long the Delivery database keeps what grows with traffic; bound from <c>Retention</c>.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>
    /// A Delivered or Failed message this many days past its last change goes, with its attempts, kept command and
    /// receipts; so do receipts for no known attempt and scheduled messages this long past due.
    /// </summary>
    [Range(1, 3650)]
    public int Days { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows per statement: each delete is short, so it never holds many locks or a long transaction.</summary>
    [Range(100, 100_000)]
    public int BatchSize { get; set; } = 5_000;
}
