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
        // Without limit, pauses growing to 30 s: an envelope holds up to 500 accepted messages, and a handing-on that keeps
        // failing (the broker refusing publishes for a while) must wait in place, never rest in message-batches_error.
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(int.MaxValue, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)));
    }
}
