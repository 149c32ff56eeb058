using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aggregator.Logging.Ingestion;

/// <summary>Unhealthy while the writer finds the store unavailable: lines wait in the queue, and once it is full POSTs get 503.</summary>
public sealed class LogStoreHealthCheck(LogStoreAvailability availability) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(availability.Current is { } outage
            ? HealthCheckResult.Unhealthy($"The log store has been unavailable since {outage.Since:O}; lines wait in the ingest queue. {outage.Reason}")
            : HealthCheckResult.Healthy());
}
