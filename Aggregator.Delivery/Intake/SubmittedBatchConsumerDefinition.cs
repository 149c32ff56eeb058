using MassTransit;

namespace Aggregator.Delivery.Intake;

/// <summary>The queue batches' envelopes wait in; a few at a time, since each hands on up to 500 messages at once.</summary>
public sealed class SubmittedBatchConsumerDefinition : ConsumerDefinition<SubmittedBatchConsumer>
{
    public SubmittedBatchConsumerDefinition()
    {
        EndpointName = "message-batches";
        ConcurrentMessageLimit = 4;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<SubmittedBatchConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 8;
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(100, 500, 1000, 5000));
    }
}
