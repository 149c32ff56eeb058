using Polly;
using Polly.CircuitBreaker;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// One provider of a channel's list with its own circuit breaker: only its transient failures count against it, so a
/// recipient it refuses for good does not open it, and while it is open the attempt moves on to the next provider at once.
/// Without <paramref name="breaker"/> (a channel's implicit simulated provider) it is always called.
/// </summary>
public sealed class ChainedProvider(string name, IChannelProvider provider, CircuitBreakerOptions? breaker, ILogger logger)
{
    private readonly ResiliencePipeline circuit = breaker is null ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder()
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<TransientDeliveryException>(),
            FailureRatio = breaker.FailureRatio,
            MinimumThroughput = breaker.MinimumThroughput,
            SamplingDuration = breaker.SamplingDuration,
            BreakDuration = breaker.BreakDuration,
            OnOpened = opened =>
            {
                logger.LogWarning("Provider {Provider} circuit opened for {BreakDuration}: {Reason:l}", name, opened.BreakDuration,
                    opened.Outcome.Exception?.Message);
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                logger.LogInformation("Provider {Provider} circuit closed", name);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    public string Name => name;

    public IChannelProvider Provider => provider;

    /// <exception cref="BrokenCircuitException">The circuit is open: the provider was not called.</exception>
    public ValueTask<string> SendAsync(Contracts.DeliverMessage message, int attempt, CancellationToken cancellationToken) =>
        circuit.ExecuteAsync(async token => await provider.SendAsync(message, attempt, token), cancellationToken);
}
