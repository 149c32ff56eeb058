using System.Diagnostics.Metrics;
using Aggregator.Logging.Extensions;

namespace Aggregator.Logging.Ingestion;

/// <summary>Counts the lines the store refused and the writer set aside: <c>aggregator_logs_rejected_total</c> on <c>/metrics</c>.</summary>
public sealed class LogStoreMetrics
{
    private readonly Counter<long> rejected;

    public LogStoreMetrics(IMeterFactory meters) =>
        rejected = meters.Create(LoggingMeter.Name).CreateCounter<long>("aggregator.logs.rejected", description: "Log lines the store refused, set aside as dead letters.");

    public void Rejected(int lines) => rejected.Add(lines);
}
