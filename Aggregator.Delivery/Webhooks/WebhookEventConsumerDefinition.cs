using Aggregator.Delivery.Resilience;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Webhooks;

/// <summary>The events queue, bound to <c>MessageStatusChanged</c>; an event that cannot be read while PostgreSQL is away waits in RabbitMQ.</summary>
public sealed class WebhookEventConsumerDefinition : ConsumerDefinition<WebhookEventConsumer>
{
    private readonly OutageWaits waits;

    public WebhookEventConsumerDefinition(IOptions<WebhookOptions> options, OutageWaits waits)
    {
        this.waits = waits;
        EndpointName = options.Value.EventsQueue;
        ConcurrentMessageLimit = 8;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<WebhookEventConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(100, 500, 1000, 2000, 5000));
        endpointConfigurator.UseOutageRetry(waits);
    }
}
