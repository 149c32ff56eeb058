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
            // Keep reconnecting in the background, and while disconnected fail each command at once instead of
            // queueing it: a Redis outage is answered with 503, neither a crashed process nor a hanging request.
            configuration.AbortOnConnectFail = false;
            configuration.BacklogPolicy = BacklogPolicy.FailFast;
            return ConnectionMultiplexer.Connect(configuration);
        });
        builder.Services.AddHostedService<RedisConnectionAtStartup>();
        builder.Services.AddSingleton<DuplicateGuard>();
        builder.Services.AddHealthChecks().AddRedis(services => services.GetRequiredService<IConnectionMultiplexer>(), name: "redis");
        return builder;
    }
}
