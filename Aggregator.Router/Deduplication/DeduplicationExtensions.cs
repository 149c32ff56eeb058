using Aggregator.ServiceDefaults;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aggregator.Router.Deduplication;

public static class DeduplicationExtensions
{
    public static IHostApplicationBuilder AddDeduplication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RedisOptions>(RedisOptions.Section);
        builder.Services.AddValidatedOptions<DeduplicationOptions>(DeduplicationOptions.Section);

        builder.Services.AddSingleton<IConnectionMultiplexer>(services =>
        {
            var configuration = ConfigurationOptions.Parse(services.GetRequiredService<IOptions<RedisOptions>>().Value.ConnectionString);
            // Keep trying in the background; a Redis outage is answered with 503, not a crashed process.
            configuration.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(configuration);
        });
        builder.Services.AddSingleton<DuplicateGuard>();
        builder.Services.AddHealthChecks().AddRedis(services => services.GetRequiredService<IConnectionMultiplexer>(), name: "redis");
        return builder;
    }
}
