using HealthChecks.UI.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aggregator.ServiceDefaults.Health;

public static class HealthEndpointExtensions
{
    /// <summary>
    /// <c>GET /health</c>: JSON with one entry per dependency; 200 when all are usable, 503 when any is not.
    /// Degraded counts as down: a half-connected bus cannot accept messages honestly. <c>GET /health/live</c>: 200 while
    /// the process answers (no dependency is checked), for an orchestrator's liveness probe.
    /// </summary>
    public static WebApplication MapHealthEndpoint(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = UIResponseWriter.WriteHealthCheckUIResponse,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous(); // no personal data; orchestrators and load balancers call it without a key
        // Liveness: the process answers, whatever its dependencies do. A PostgreSQL outage makes /health 503 (not ready),
        // but restarting the process would not mend it, and its consumers already wait for it by themselves.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        return app;
    }
}
