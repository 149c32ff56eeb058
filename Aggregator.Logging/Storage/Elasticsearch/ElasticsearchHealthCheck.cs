using Elastic.Clients.Elasticsearch;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aggregator.Logging.Storage.Elasticsearch;

/// <summary>Healthy while the cluster answers a ping.</summary>
public sealed class ElasticsearchHealthCheck(ElasticsearchClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var ping = await client.PingAsync(cancellationToken);
        return ping.IsValidResponse ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(ping.DebugInformation);
    }
}
