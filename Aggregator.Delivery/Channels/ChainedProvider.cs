using Polly;
using Polly.CircuitBreaker;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// One provider of a channel's list with its own circuit breaker: only its transient failures count against it, so a
/// recipient it refuses for good does not open it, and while it is open the attempt moves on to the next provider at once.
/// Each call is bounded by the provider's <c>Timeout</c> as a whole (connection, queueing for a pooled connection, every
/// round trip), whatever the provider's own protocol does with time: a provider that hangs is a transient failure and
/// frees the consumer for the next provider. Without <paramref name="options"/> (a channel's implicit simulated provider)
/// it is always called and bounded only by the attempt's own timeout.
/// </summary>
public sealed class ChainedProvider(string name, IChannelProvider provider, ProviderOptions? options, ILogger logger)
{
    private readonly ResiliencePipeline circuit = Circuit(name, options?.CircuitBreaker, logger);

    private static ResiliencePipeline Circuit(string name, CircuitBreakerOptions? breaker, ILogger logger)
    {
        if (breaker is null)
        {
            return ResiliencePipeline.Empty;
        }
        return new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions
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
        }).Build();
    }

    public string Name => name;

    public IChannelProvider Provider => provider;

    /// <exception cref="BrokenCircuitException">The circuit is open: the provider was not called.</exception>
    /// <exception cref="TransientDeliveryException">Among others: the provider did not answer within its timeout.</exception>
    public ValueTask<string> SendAsync(Contracts.DeliverMessage message, int attempt, CancellationToken cancellationToken) =>
        circuit.ExecuteAsync(token => BoundedAsync(message, attempt, token), cancellationToken);

    private async ValueTask<string> BoundedAsync(Contracts.DeliverMessage message, int attempt, CancellationToken cancellationToken)
    {
        if (options is null)
        {
            return await provider.SendAsync(message, attempt, cancellationToken);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            return await provider.SendAsync(message, attempt, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TransientDeliveryException($"{name} did not answer within {options.Timeout.TotalSeconds:0.###} s");
        }
    }
}
