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

    public async Task PublishAsync(MessageSubmitted message, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref calls) > 1)
        {
            await broker.PublishAsync(message, cancellationToken);
            ReachedBroker.Enqueue(message.MessageId);
            return;
        }
        started.TrySetResult();
        await released.Task;
        try
        {
            switch (first)
            {
                case FirstPublish.ReachesBroker:
                    await broker.PublishAsync(message, CancellationToken.None);
                    ReachedBroker.Enqueue(message.MessageId);
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
}
