using Aggregator.ServiceDefaults.Health;
using Aggregator.ServiceDefaults.Logging;
using Aggregator.ServiceDefaults.OpenApi;
using Aggregator.ServiceDefaults.Security;
using Aggregator.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aggregator.ServiceDefaults;

/// <summary>What every Aggregator service does the same way.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddStructuredLogging();
        builder.AddTelemetry();
        builder.AddApiKeySecurity();
        builder.AddApiDocument();
        builder.Services.AddHealthChecks();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsTraceId.Apply);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Exceptions a service classed as an outage become 503 (Http/OutageProblems); the rest stay 500, with problem details.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseApiKeySecurity();
        app.MapHealthEndpoint();
        app.MapMetricsEndpoint();
        app.MapApiDocument();
        return app;
    }
}
