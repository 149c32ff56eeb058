using System.Collections.Concurrent;
using Aggregator.Contracts;
using Aggregator.Router.Messages;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Infrastructure;

/// <summary>What becomes of the first publish once a test lets it go.</summary>
public enum FirstPublish
{
    /// <summary>It reaches the broker and is confirmed, however late.</summary>
    ReachesBroker,

    /// <summary>It never reaches the broker, and the Router is never told.</summary>
    IsLost,

    /// <summary>The broker returns it: no queue took it.</summary>
    IsReturned,
}

/// <summary>
/// Stands in for the Router's broker publish: the first publish waits until the test lets it go, ignoring the Router's
/// token as the real client does, and then does what <see cref="FirstPublish"/> says; every later one goes straight to
/// the broker. Keeps the id of every message that reached the broker.
/// </summary>
public sealed class HeldFirstPublish(IBus bus, FirstPublish first) : IBrokerPublisher
{
    private readonly MandatoryBrokerPublisher broker = new(bus);
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int calls;

    /// <summary>The Router's services with this stand-in for the broker publish.</summary>
    public static Action<IServiceCollection> Instead(FirstPublish first) =>
        services => services.AddSingleton<IBrokerPublisher>(provider => new HeldFirstPublish(provider.GetRequiredService<IBus>(), first));

    public static HeldFirstPublish Of(IServiceProvider routerServices) => (HeldFirstPublish)routerServices.GetRequiredService<IBrokerPublisher>();

    public ConcurrentQueue<Guid> ReachedBroker { get; } = new();

    /// <summary>Completes once the first publish has begun, and so its content has been claimed.</summary>
    public Task FirstStarted => started.Task;

    /// <summary>Completes once the first publish has done what it was told, after <see cref="Release"/>.</summary>
    public Task FirstFinished => finished.Task;

    public void Release() => released.TrySetResult();

    public Task PublishAsync(MessageSubmitted message, CancellationToken cancellationToken) =>
        PublishAsync(token => broker.PublishAsync(message, token), [message.MessageId], cancellationToken);

    /// <summary>A batch's envelope is one publish: held, lost or returned as a whole.</summary>
    public Task PublishAsync(MessagesSubmitted batch, CancellationToken cancellationToken) =>
        PublishAsync(token => broker.PublishAsync(batch, token), batch.Messages.Select(m => m.MessageId).ToList(), cancellationToken);

    private async Task PublishAsync(Func<CancellationToken, Task> publish, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref calls) > 1)
        {
            await publish(cancellationToken);
            Reached(ids);
            return;
        }
        started.TrySetResult();
        await released.Task;
        try
        {
            switch (first)
            {
                case FirstPublish.ReachesBroker:
                    await publish(CancellationToken.None);
                    Reached(ids);
                    break;
                case FirstPublish.IsReturned:
                    throw new MessageReturnedException("No queue took it.");
            }
        }
        finally
        {
            finished.TrySetResult();
        }
    }

    private void Reached(IReadOnlyList<Guid> ids)
    {
        foreach (var id in ids)
        {
            ReachedBroker.Enqueue(id);
        }
    }
}
