using Aggregator.Contracts;
using MassTransit;

namespace Aggregator.Delivery.Channels;

/// <summary>Consumes one channel's queue (<see cref="ChannelQueues"/>): each command is one attempt through the channel's providers.</summary>
public sealed class ChannelDeliveryConsumer<TQueue>(ProviderChains providers, DeliveryAttemptRunner runner) : IConsumer<DeliverMessage>
    where TQueue : IChannelQueue
{
    public Task Consume(ConsumeContext<DeliverMessage> context) => runner.RunAsync(context, providers.For(TQueue.Channel));
}
