using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Aggregator.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>Meters every service exposes beside its own.</summary>
    private static readonly string[] SharedMeters = ["MassTransit"];

    /// <summary>The standard variable that names an OpenTelemetry collector (Jaeger, Tempo, an OTel Collector…).</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Metrics for <c>/metrics</c> and tracing so that a W3C trace id exists for every request
    /// and travels with every MassTransit message. With <see cref="OtlpEndpointSetting"/> set, traces and metrics also go
    /// to that OTLP endpoint (the other <c>OTEL_EXPORTER_OTLP_*</c> settings, such as the protocol, apply too).
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var serviceName = ServiceName.Of(builder.Environment);
        var exporting = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(SharedMeters)
                    .AddMeter($"Aggregator.{serviceName}")
                    .AddPrometheusExporter();
                if (exporting)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddSource("MassTransit");
                if (exporting)
                {
                    // A span per SQL command is worth its cost only where someone reads the spans.
                    tracing.AddNpgsql().AddOtlpExporter();
                }
            });
        return builder;
    }

    public static WebApplication MapMetricsEndpoint(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous(); // counts only, no personal data; scrapers have no key
        return app;
    }
}
