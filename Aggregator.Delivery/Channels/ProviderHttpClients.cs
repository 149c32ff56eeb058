using Aggregator.Contracts;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// One named HttpClient per configured HTTP provider (its own connection pool), whose resilience handler bounds each
/// call by the provider's <c>Timeout</c>. Nothing retries inside a call: neither Twilio's Messages API nor Meta's
/// Cloud API takes an idempotency key, so a repeated POST could send the message twice; the next provider, or the
/// next scheduled attempt, is the retry. The circuit breaker is the chain's (<see cref="ChainedProvider"/>), the
/// same for SMTP.
/// </summary>
public static class ProviderHttpClients
{
    public static string Name(MessageChannel channel, ProviderOptions options) => $"provider:{channel}:{options.Name}";

    public static void Add(IServiceCollection services, MessageChannel channel, ProviderOptions options)
    {
        var name = Name(channel, options);
        services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler(name, pipeline => pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.Timeout }));
    }
}
