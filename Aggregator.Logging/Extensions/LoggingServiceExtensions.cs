using Aggregator.ServiceDefaults.Http;
using Aggregator.Contracts;
using Aggregator.Logging.Ingestion;
using Aggregator.Logging.Storage;
using Aggregator.Logging.Storage.Elasticsearch;
using Aggregator.Logging.Storage.Postgres;
using Aggregator.ServiceDefaults;
using Aggregator.ServiceDefaults.Messaging;
using MassTransit;
using Npgsql;

namespace Aggregator.Logging.Extensions;

public static class LoggingServiceExtensions
{
    public static IHostApplicationBuilder AddLoggingServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<LogStoreOptions>(LogStoreOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LogIngestQueue>();
        builder.Services.AddSingleton<LogStoreAvailability>();
        builder.Services.AddSingleton<LogStoreMetrics>();
        builder.Services.AddHostedService<LogWriter>();
        builder.Services.AddHealthChecks().AddCheck<LogStoreHealthCheck>("log-store");
        builder.Services.AddOutageProblems("The log store", exception => exception is LogStoreUnavailableException || PostgresFailures.IsUnavailable(exception));
        builder.Services.AddHostedService<LogRetention>();

        var elasticsearch = builder.Configuration.GetSection(ElasticsearchOptions.Section).Get<ElasticsearchOptions>();
        if (!string.IsNullOrWhiteSpace(elasticsearch?.Url))
        {
            builder.AddElasticsearchLogStore();
        }
        else
        {
            var connectionString = builder.Configuration.GetConnectionString("Logging");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("ConnectionStrings:Logging is not set and Elasticsearch:Url is empty; the Logging service needs a store.");
            }
            builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            builder.Services.AddSingleton<ILogStore, PostgresLogStore>();
            builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: "postgresql");
        }

        builder.AddMessageBus(
            bus => bus.AddConsumer<LogEntriesShippedConsumer, LogEntriesShippedConsumerDefinition>(),
            // MassTransit keeps one process-wide set of options; this changes how LogEntriesShipped alone is read.
            (_, rabbit) => rabbit.ConfigureJsonSerializerOptions(options =>
            {
                options.SetMessageSerializerOptions<LogEntriesShipped>(messageOptions => LogEntryJson.Configure(messageOptions));
                return options;
            }));
        return builder;
    }

    /// <summary>Creates the store's tables or index templates before the service takes traffic.</summary>
    public static async Task PrepareLogStoreAsync(this WebApplication app) =>
        await app.Services.GetRequiredService<ILogStore>().PrepareAsync(app.Lifetime.ApplicationStopping);
}
