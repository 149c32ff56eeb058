using Aggregator.Delivery.Resilience;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// Endpoint settings of a channel's consumer: the contract's queue name, prefetch and concurrency from
/// <c>Channels:&lt;Channel&gt;</c>, redelivery after <c>Redelivery:Intervals</c> (a provider's longer Retry-After is
/// redelivered by <see cref="DeliveryAttemptRunner"/> itself). The queue is not bound to the <c>DeliverMessage</c>
/// exchange: the saga sends each command to its channel's queue, and a published command must not reach all three.
/// </summary>
public sealed class ChannelConsumerDefinition<TQueue> : ConsumerDefinition<ChannelDeliveryConsumer<TQueue>>
    where TQueue : IChannelQueue
{
    private readonly ChannelOptions options;
    private readonly RedeliveryOptions retries;
    private readonly OutageWaits waits;

    public ChannelConsumerDefinition(IOptionsMonitor<ChannelOptions> options, IOptions<RedeliveryOptions> retries, OutageWaits waits)
    {
        this.options = options.Get(TQueue.Channel.ToString());
        this.retries = retries.Value;
        this.waits = waits;
        EndpointName = ChannelQueues.Name(TQueue.Channel, TQueue.Lane);
        ConcurrentMessageLimit = this.options.ConcurrentMessageLimit;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<ChannelDeliveryConsumer<TQueue>> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.ConfigureConsumeTopology = false;
        endpointConfigurator.PrefetchCount = options.PrefetchCount;
        // Durable: each redelivery is a row in our scheduler's table until it is due (RabbitMQ here has no delay plugin).
        // A permanent failure is faulted at once: the saga keeps the command for a redrive and it rests in the error queue.
        endpointConfigurator.UseScheduledRedelivery(redelivery =>
        {
            redelivery.Intervals(retries.Intervals);
            redelivery.Ignore<PermanentDeliveryException>();
            redelivery.IgnoreOutages();
        });
        endpointConfigurator.UseOutageRetry(waits);
    }
}
