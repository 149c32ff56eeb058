using System.Diagnostics.Metrics;
using Aggregator.Delivery.Telemetry;

namespace Aggregator.Delivery.Scheduling;

/// <summary>What the scheduler did: messages stored, sent, cancelled, and how late they left.</summary>
public sealed class SchedulerMetrics
{
    private readonly Counter<long> scheduled;
    private readonly Counter<long> dispatched;
    private readonly Counter<long> cancelled;
    private readonly Histogram<double> lateness;

    public SchedulerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(DeliveryMeter.Name);
        scheduled = meter.CreateCounter<long>("aggregator.scheduler.scheduled", description: "Messages stored for later delivery.");
        dispatched = meter.CreateCounter<long>("aggregator.scheduler.dispatched", description: "Stored messages sent on.");
        cancelled = meter.CreateCounter<long>("aggregator.scheduler.cancelled", description: "Stored messages cancelled before they were due.");
        lateness = meter.CreateHistogram<double>("aggregator.scheduler.lateness", unit: "ms", description: "How long after its due time a message was sent.");
    }

    public void Scheduled() => scheduled.Add(1);

    public void Cancelled() => cancelled.Add(1);

    public void Dispatched(TimeSpan late)
    {
        dispatched.Add(1);
        lateness.Record(Math.Max(0, late.TotalMilliseconds));
    }
}
