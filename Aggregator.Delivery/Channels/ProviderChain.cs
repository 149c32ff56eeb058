using Aggregator.Contracts;
using Polly.CircuitBreaker;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// A channel's providers in order, for one attempt: a transient failure or an open circuit moves on to the next
/// provider, the first that takes the message ends the attempt, and a permanent refusal ends it as permanent (another
/// provider would refuse the same recipient or content). When every provider failed transiently the attempt is a
/// transient failure that waits at least the longest <c>Retry-After</c> any of them asked for.
/// </summary>
public sealed class ProviderChain(MessageChannel channel, IReadOnlyList<ChainedProvider> providers, ProviderMetrics metrics, ILogger logger)
{
    public IReadOnlyList<ChainedProvider> Providers => providers;

    /// <summary>Sends the message through the first provider that takes it; <paramref name="tries"/> receives each provider's part as it happens.</summary>
    public async Task<ProviderHandOff> SendAsync(DeliverMessage message, int attempt, ICollection<ProviderTry> tries, CancellationToken cancellationToken)
    {
        TimeSpan? retryAfter = null;
        foreach (var provider in providers)
        {
            ProviderTry tried;
            try
            {
                var providerMessageId = await provider.SendAsync(message, attempt, cancellationToken);
                Count(new ProviderTry(provider.Name, ProviderTryOutcome.Succeeded));
                return new ProviderHandOff(provider.Name, providerMessageId, provider.Provider.SendsReceipts);
            }
            catch (BrokenCircuitException)
            {
                tried = new ProviderTry(provider.Name, ProviderTryOutcome.CircuitOpen, "circuit open, not called");
            }
            catch (TransientDeliveryException failure)
            {
                tried = new ProviderTry(provider.Name, ProviderTryOutcome.FailedTransiently, failure.Message);
                if (failure.RetryAfter is { } asked && (retryAfter is null || asked > retryAfter))
                {
                    retryAfter = asked;
                }
            }
            catch (PermanentDeliveryException failure)
            {
                Count(new ProviderTry(provider.Name, ProviderTryOutcome.FailedPermanently, failure.Message));
                throw new PermanentDeliveryException(Summary(tries), failure);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The attempt's own time ran out during this provider's call: the record names it, not the one before.
                Count(new ProviderTry(provider.Name, ProviderTryOutcome.FailedTransiently, "the attempt's time ran out during this call"));
                throw;
            }
            catch (Exception unexpected) when (unexpected is not OperationCanceledException)
            {
                // Not a failure the provider reported (a bug, an answer of a shape we did not expect): it may have taken
                // the message, so no other provider is tried; the attempt is recorded and retried like a timeout.
                Count(new ProviderTry(provider.Name, ProviderTryOutcome.FailedTransiently, $"outcome unknown: {unexpected.GetType().Name}: {unexpected.Message}"));
                logger.LogError(unexpected, "Provider {Provider} failed unexpectedly; its outcome is unknown", provider.Name);
                throw new TransientDeliveryException(Summary(tries), inner: unexpected);
            }
            Count(tried);
            logger.LogWarning("Provider {Provider} did not take the message ({Outcome}): {Error:l}", tried.Provider, tried.Outcome, tried.Error);
        }
        throw new TransientDeliveryException(Summary(tries), retryAfter);

        void Count(ProviderTry tried)
        {
            tries.Add(tried);
            metrics.Tried(channel, tried);
        }
    }

    private static string Summary(IEnumerable<ProviderTry> tries) => string.Join("; ", tries.Select(t => $"{t.Provider}: {t.Error}"));
}

/// <summary>The provider that took the message, its id for it, and whether a receipt may follow.</summary>
public sealed record ProviderHandOff(string Provider, string ProviderMessageId, bool SendsReceipts);
