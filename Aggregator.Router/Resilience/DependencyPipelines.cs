using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using StackExchange.Redis;

namespace Aggregator.Router.Resilience;

/// <summary>
/// One Polly pipeline per dependency the Router cannot accept a message without: a timeout, so no request
/// hangs on a slow server, inside a circuit breaker, so an outage is answered at once instead of once per timeout.
/// </summary>
public static class DependencyPipelines
{
    public const string Redis = "redis";
    public const string Broker = "broker";

    public static IServiceCollection AddDependencyPipelines(this IServiceCollection services)
    {
        services.AddResiliencePipeline(Redis, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<ResilienceOptions>>().Value;
            pipeline
                .AddCircuitBreaker(Breaker(options, new PredicateBuilder().Handle<Exception>(IsUnavailable)))
                .AddTimeout(options.RedisTimeout);
        });
        services.AddResiliencePipeline(Broker, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<ResilienceOptions>>().Value;
            pipeline
                .AddCircuitBreaker(Breaker(options, new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException)))
                .AddTimeout(options.PublishTimeout);
        });
        return services;
    }

    /// <summary>
    /// True for the failures that mean "the dependency is unusable now", which the Router answers with 503. The Redis
    /// client's own timeout is a <see cref="RedisTimeoutException"/>, a <see cref="TimeoutException"/> and not a
    /// <see cref="RedisException"/>, so it is named on its own.
    /// </summary>
    public static bool IsUnavailable(Exception exception) =>
        exception is BrokenCircuitException or TimeoutRejectedException or RedisException or RedisTimeoutException;

    private static CircuitBreakerStrategyOptions Breaker(ResilienceOptions options, PredicateBuilder<object> failures) => new()
    {
        FailureRatio = options.FailureRatio,
        MinimumThroughput = options.MinimumThroughput,
        SamplingDuration = options.SamplingDuration,
        BreakDuration = options.BreakDuration,
        ShouldHandle = failures,
    };
}
