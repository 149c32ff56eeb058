using MassTransit;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// Endpoint settings of a channel consumer: the contract's queue name, prefetch and concurrency from
/// <c>Channels:&lt;Channel&gt;</c>. The queue is not bound to the <c>DeliverMessage</c> exchange: the saga sends
/// each command to its channel's queue, and a published command must not reach all three.
/// </summary>
public sealed class ChannelConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer, IChannelConsumer
{
    private readonly ChannelOptions options;

    public ChannelConsumerDefinition(IOptionsMonitor<ChannelOptions> options)
    {
        this.options = options.Get(TConsumer.Channel.ToString());
        EndpointName = ChannelQueues.Name(TConsumer.Channel);
        ConcurrentMessageLimit = this.options.ConcurrentMessageLimit;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.ConfigureConsumeTopology = false;
        endpointConfigurator.PrefetchCount = options.PrefetchCount;
    }
}
