using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Aggregator.ServiceDefaults.Security;
using Serilog;
using Serilog.Configuration;
using Serilog.Formatting.Compact;

namespace Aggregator.ServiceDefaults.Logging;

public static class StructuredLoggingExtensions
{
    /// <summary>
    /// Serilog as the only logger: one JSON object per line on stdout, each carrying the service name and the
    /// W3C trace id, redacted by <see cref="LogRedaction"/>; shipped in batches to the Logging service when
    /// <c>LogShipping:Url</c> is set, over the bus while it is away (<see cref="LogShipper"/>). Levels and overrides come from the <c>Serilog</c> section.
    /// </summary>
    public static IHostApplicationBuilder AddStructuredLogging(this IHostApplicationBuilder builder)
    {
        var serviceName = ServiceName.Of(builder.Environment);
        builder.Services.AddValidatedOptions<LogShippingOptions>(LogShippingOptions.Section);
        builder.Services.TryAddSingleton(_ => LogShippingTransport.Default());

        // preserveStaticLogger: each host writes through its own logger, never through the process-wide Log.Logger,
        // which the last host built would own (tests run several services in one process).
        builder.Services.AddSerilog(preserveStaticLogger: true, configureLogger: (services, logger) =>
        {
            logger
                .ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .Enrich.WithProperty("service", serviceName)
                .Enrich.With<TraceIdEnricher>()
                .Enrich.With<LogRedaction>()
                // Console writes are synchronous and slow; a bounded background queue keeps them off request threads.
                .WriteTo.Async(sink => sink.Console(new RenderedCompactJsonFormatter()), bufferSize: 100_000);
            var shipping = services.GetRequiredService<IOptions<LogShippingOptions>>().Value;
            if (!string.IsNullOrWhiteSpace(shipping.Url))
            {
                var http = new HttpClient(services.GetRequiredService<LogShippingTransport>().Handler, disposeHandler: false)
                {
                    BaseAddress = new Uri(shipping.Url),
                    Timeout = TimeSpan.FromSeconds(10),
                };
                if (!string.IsNullOrEmpty(shipping.ApiKey))
                {
                    http.DefaultRequestHeaders.Add(ApiKeyRing.Header, shipping.ApiKey);
                }
                // The bus is looked up per batch: it is built after the logger, and a service without one ships over HTTP alone.
                logger.WriteTo.Sink(new LogShipper(http, () => services.GetService<IBus>()), new BatchingOptions
                {
                    BatchSizeLimit = shipping.BatchSize,
                    BufferingTimeLimit = shipping.Period,
                    QueueLimit = shipping.QueueLimit,
                    RetryTimeLimit = shipping.RetryTimeLimit,
                    EagerlyEmitFirstEvent = true,
                });
            }
        });
        return builder;
    }
}
