using System.Collections.Concurrent;
using MassTransit;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// Every <typeparamref name="T"/> published in the run's vhost from now on, as it went over the wire, taken from a
/// temporary queue of a service's own bus; the services' consumers get their copies as before.
/// </summary>
public sealed class PublishedMessages<T> : IAsyncDisposable
    where T : class
{
    private readonly ConcurrentQueue<T> messages = new();
    private HostReceiveEndpointHandle endpoint = null!;

    public IReadOnlyCollection<T> Messages => messages;

    public static async Task<PublishedMessages<T>> ListenAsync(IBus bus)
    {
        var published = new PublishedMessages<T>();
        published.endpoint = bus.ConnectReceiveEndpoint(queue => queue.Handler<T>(context =>
        {
            published.messages.Enqueue(context.Message);
            return Task.CompletedTask;
        }));
        await published.endpoint.Ready;
        return published;
    }

    public async ValueTask DisposeAsync() => await endpoint.StopAsync();
}
