using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Aggregator.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>Meters every service exposes beside its own.</summary>
    private static readonly string[] SharedMeters = ["MassTransit"];

    /// <summary>
    /// Metrics for <c>/metrics</c> and tracing so that a W3C trace id exists for every request
    /// and travels with every MassTransit message.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var serviceName = ServiceName.Of(builder.Environment);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(SharedMeters)
                .AddMeter($"Aggregator.{serviceName}")
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource("MassTransit"));
        return builder;
    }

    public static WebApplication MapMetricsEndpoint(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous(); // counts only, no personal data; scrapers have no key
        return app;
    }
}
