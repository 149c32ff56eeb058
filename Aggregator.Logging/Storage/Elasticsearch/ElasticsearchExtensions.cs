using Aggregator.ServiceDefaults;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Microsoft.Extensions.Options;

namespace Aggregator.Logging.Storage.Elasticsearch;

public static class ElasticsearchExtensions
{
    public static IHostApplicationBuilder AddElasticsearchLogStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ElasticsearchOptions>(ElasticsearchOptions.Section);
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<ElasticsearchOptions>>().Value;
            var settings = new ElasticsearchClientSettings(new Uri(options.Url!));
            if (!string.IsNullOrEmpty(options.ApiKey))
            {
                settings = settings.Authentication(new ApiKey(options.ApiKey));
            }
            return new ElasticsearchClient(settings);
        });
        builder.Services.AddSingleton<ILogStore, ElasticsearchLogStore>();
        builder.Services.AddHealthChecks().AddCheck<ElasticsearchHealthCheck>("elasticsearch");
        return builder;
    }
}
