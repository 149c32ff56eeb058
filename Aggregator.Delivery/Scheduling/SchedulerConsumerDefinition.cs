using Aggregator.Delivery.Resilience;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Scheduling;

/// <summary>
/// The scheduler's queue. A redelivery request that cannot be stored while PostgreSQL is away waits in RabbitMQ; in the
/// error queue it would be a retry nobody ever makes.
/// </summary>
public sealed class SchedulerConsumerDefinition : ConsumerDefinition<SchedulerConsumer>
{
    private readonly OutageWaits waits;

    public SchedulerConsumerDefinition(IOptions<SchedulerOptions> options, OutageWaits waits)
    {
        this.waits = waits;
        EndpointName = options.Value.QueueName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<SchedulerConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(100, 500, 1000, 2000, 5000));
        endpointConfigurator.UseOutageRetry(waits);
    }
}
