using System.ComponentModel.DataAnnotations;

namespace Aggregator.Delivery.Scheduling;

/// <summary>Our PostgreSQL-backed message scheduler; bound from <c>Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>The queue that takes <c>ScheduleMessage</c> and <c>CancelScheduledMessage</c>.</summary>
    [Required]
    public string QueueName { get; set; } = "scheduler";

    /// <summary>The longest the dispatcher sleeps with nothing due; it also wakes exactly when the next row is due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Rows taken per transaction.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>The exchange bound to the scheduler's queue; sending declares no queue (see <c>ChannelQueues.Address</c>).</summary>
    public Uri Address => new($"exchange:{QueueName}");
}
