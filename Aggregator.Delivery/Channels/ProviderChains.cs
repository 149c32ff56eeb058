using System.Collections.Concurrent;
using Aggregator.Contracts;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// Each channel's <see cref="ProviderChain"/>, made once from its provider list. A channel with no list has the one
/// provider registered for it as a keyed <see cref="IChannelProvider"/>: the simulated one (tests put their own there),
/// without a circuit breaker, which could only turn its attempts into failures with no other provider to go to.
/// </summary>
public sealed class ProviderChains(IServiceProvider services, IOptionsMonitor<ChannelProviderList> lists, ProviderMetrics metrics, ILoggerFactory loggers)
    : IDisposable
{
    private readonly ConcurrentDictionary<MessageChannel, ProviderChain> chains = new();

    public ProviderChain For(MessageChannel channel) => chains.GetOrAdd(channel, Build);

    /// <summary>The configured options of every provider of <typeparamref name="TOptions"/>'s type, on any channel (receipts need their secrets).</summary>
    public IEnumerable<TOptions> Configured<TOptions>()
        where TOptions : ProviderOptions =>
        Enum.GetValues<MessageChannel>().SelectMany(channel => lists.Get(channel.ToString()).Providers).OfType<TOptions>();

    private ProviderChain Build(MessageChannel channel)
    {
        var logger = loggers.CreateLogger<ProviderChain>();
        var configured = lists.Get(channel.ToString()).Providers;
        IReadOnlyList<ChainedProvider> providers = configured.Count == 0
            ? [new ChainedProvider("simulated", services.GetRequiredKeyedService<IChannelProvider>(channel), null, logger)]
            : configured.Select(options => new ChainedProvider(
                options.Name, ProviderTypes.Find(options.Type)!.Create(services, channel, options), options, logger)).ToList();
        return new ProviderChain(channel, providers, metrics, logger);
    }

    /// <summary>Closes what the providers keep open (SMTP connections); the keyed simulated ones belong to the container.</summary>
    public void Dispose()
    {
        foreach (var provider in chains.Values.SelectMany(chain => chain.Providers).Select(p => p.Provider).OfType<IDisposable>())
        {
            provider.Dispose();
        }
    }
}
