using System.ComponentModel.DataAnnotations;

namespace Aggregator.Delivery.Sweeping;

/// <summary>When a message counts as stuck; bound from <c>Sweeper</c>. The deadlines are far beyond any normal backlog.</summary>
public sealed class SweeperOptions
{
    public const string Section = "Sweeper";

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Accepted this long with no attempt begun: its command was lost.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AcceptedFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retrying this long past its next attempt's due time: its redelivery was lost.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan OverdueFor { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Processing this long past its attempt's lease: its consumer died and no copy of its command is left.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LeaseExpiredFor { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;
}
