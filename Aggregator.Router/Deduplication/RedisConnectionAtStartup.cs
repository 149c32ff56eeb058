using StackExchange.Redis;

namespace Aggregator.Router.Deduplication;

/// <summary>
/// Connects to Redis while the host starts, not inside the first burst of requests, where a cold connect
/// competing for threads may not finish in time and every request would be refused.
/// </summary>
public sealed class RedisConnectionAtStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<IConnectionMultiplexer>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
