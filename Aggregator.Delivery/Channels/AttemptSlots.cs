using System.Collections.Concurrent;
using Aggregator.Contracts;
using Aggregator.Delivery.StateMachines;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// How many attempts one channel's lane makes at once: <c>Channels:&lt;Channel&gt;:ConcurrentMessageLimit</c>, first attempts
/// in process (<see cref="FirstAttemptStarter"/>) and commands from the lane's queue together, so a provider never sees more.
/// A first attempt takes a slot only when one is free at once. It also keeps its saga event unacknowledged while its
/// providers work: the three channels together keep at most three quarters of the saga lane's prefetch
/// (<see cref="InProcessPerLane"/> each), so a slow provider stalls neither the saga nor the other channels. Without a
/// slot the command goes to the lane's queue, whose consumers wait for one.
/// </summary>
public sealed class AttemptSlots(IOptionsMonitor<ChannelOptions> options)
{
    public const int InProcessPerLane = MessageStateDefinition.PrefetchCount / 4;

    private readonly ConcurrentDictionary<(MessageChannel, MessagePriority), Lane> lanes = new();

    public bool TryEnterInProcess(MessageChannel channel, MessagePriority lane)
    {
        var slots = For(channel, lane);
        if (!slots.InProcess.Wait(0))
        {
            return false;
        }
        if (slots.All.Wait(0))
        {
            return true;
        }
        slots.InProcess.Release();
        return false;
    }

    public void LeaveInProcess(MessageChannel channel, MessagePriority lane)
    {
        var slots = For(channel, lane);
        slots.All.Release();
        slots.InProcess.Release();
    }

    public Task EnterFromQueueAsync(MessageChannel channel, MessagePriority lane, CancellationToken cancellationToken) =>
        For(channel, lane).All.WaitAsync(cancellationToken);

    public void LeaveFromQueue(MessageChannel channel, MessagePriority lane) => For(channel, lane).All.Release();

    private Lane For(MessageChannel channel, MessagePriority lane) =>
        lanes.GetOrAdd((channel, lane), _ => new Lane(options.Get(channel.ToString()).ConcurrentMessageLimit));

    private sealed class Lane(int limit)
    {
        public SemaphoreSlim All { get; } = new(limit, limit);

        public SemaphoreSlim InProcess { get; } = new(InProcessPerLane, InProcessPerLane);
    }
}
