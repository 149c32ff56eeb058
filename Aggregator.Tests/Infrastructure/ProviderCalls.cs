using System.Collections.Concurrent;
using Aggregator.Contracts;
using Aggregator.Delivery.Channels;

namespace Aggregator.Tests.Infrastructure;

/// <summary>Counts how often the simulated providers were asked to send each message.</summary>
public sealed class ProviderCalls
{
    private readonly ConcurrentDictionary<Guid, int> calls = new();

    public int For(Guid messageId) => calls.GetValueOrDefault(messageId);

    public void Count(Guid messageId) => calls.AddOrUpdate(messageId, 1, (_, n) => n + 1);
}

/// <summary>The real simulated provider, counted on its way in.</summary>
public sealed class CountedProvider(IChannelProvider provider, ProviderCalls calls) : IChannelProvider
{
    public Task<string> SendAsync(DeliverMessage message, int attempt, CancellationToken cancellationToken)
    {
        calls.Count(message.MessageId);
        return provider.SendAsync(message, attempt, cancellationToken);
    }
}
