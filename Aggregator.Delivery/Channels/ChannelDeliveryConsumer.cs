using System.Runtime.ExceptionServices;
using Aggregator.Contracts;
using MassTransit;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// Consumes one channel's queue (<see cref="ChannelQueues"/>): each command is one attempt through the channel's providers.
/// A failed attempt is rethrown for MassTransit's scheduled redelivery (and its fault once none is left, or at once for a
/// permanent failure), except when a provider's Retry-After asks for longer than the schedule: then it is redelivered
/// here with the provider's wait, counted like the scheduled redelivery (MT-Redelivery-Count + 1).
/// </summary>
public sealed class ChannelDeliveryConsumer<TQueue>(ProviderChains providers, DeliveryAttemptRunner runner, AttemptSlots slots) : IConsumer<DeliverMessage>
    where TQueue : IChannelQueue
{
    public async Task Consume(ConsumeContext<DeliverMessage> context)
    {
        AttemptFailure? failure;
        await slots.EnterFromQueueAsync(TQueue.Channel, TQueue.Lane, context.CancellationToken);
        try
        {
            failure = await runner.RunAsync(context, context.Message, context.GetRedeliveryCount(), providers.For(TQueue.Channel));
        }
        finally
        {
            slots.LeaveFromQueue(TQueue.Channel, TQueue.Lane);
        }
        if (failure?.Wait is { AskedByProvider: true } wait)
        {
            await context.Redeliver(wait.Delay);
        }
        else if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure.Failure);
        }
    }
}
