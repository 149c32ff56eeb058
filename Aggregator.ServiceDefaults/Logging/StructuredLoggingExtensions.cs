using Microsoft.Extensions.Hosting;
using Serilog;
using Serilog.Formatting.Compact;

namespace Aggregator.ServiceDefaults.Logging;

public static class StructuredLoggingExtensions
{
    /// <summary>
    /// Serilog as the only logger: one JSON object per line on stdout, each carrying the service
    /// name and the W3C trace id. Settings under <c>Serilog</c> (levels, overrides) come from configuration.
    /// </summary>
    public static IHostApplicationBuilder AddStructuredLogging(this IHostApplicationBuilder builder)
    {
        var serviceName = ServiceName.Of(builder.Environment);
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("service", serviceName)
            .Enrich.With<TraceIdEnricher>()
            .WriteTo.Console(new RenderedCompactJsonFormatter()));
        return builder;
    }
}
