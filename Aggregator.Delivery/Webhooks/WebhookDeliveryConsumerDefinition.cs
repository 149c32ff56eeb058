using Aggregator.Delivery.Resilience;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Webhooks;

/// <summary>
/// The deliveries queue: its own concurrency (<c>Webhooks:ConcurrentDeliveries</c>), so receivers that hang hold only
/// webhook deliveries. Not bound to an exchange: the fan-out and the scheduler send to it by name.
/// </summary>
public sealed class WebhookDeliveryConsumerDefinition : ConsumerDefinition<WebhookDeliveryConsumer>
{
    private readonly OutageWaits waits;

    public WebhookDeliveryConsumerDefinition(IOptions<WebhookOptions> options, OutageWaits waits)
    {
        this.waits = waits;
        EndpointName = options.Value.DeliveriesQueue;
        ConcurrentMessageLimit = options.Value.ConcurrentDeliveries;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<WebhookDeliveryConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.ConfigureConsumeTopology = false;
        endpointConfigurator.PrefetchCount = ConcurrentMessageLimit ?? 16;
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(100, 500, 1000, 2000, 5000));
        endpointConfigurator.UseOutageRetry(waits);
    }
}
