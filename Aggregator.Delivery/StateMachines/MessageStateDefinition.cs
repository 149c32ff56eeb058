using MassTransit;

namespace Aggregator.Delivery.StateMachines;

/// <summary>
/// The saga's endpoint. Retries cover an event that overtook the creation of its saga and a creation
/// that raced a duplicate; the in-memory outbox holds the saga's sends until its transaction has
/// committed, so a consumer never acts on a saga state that could still roll back.
/// </summary>
public sealed class MessageStateDefinition : SagaDefinition<MessageState>
{
    public MessageStateDefinition()
    {
        ConcurrentMessageLimit = 32;
    }

    protected override void ConfigureSaga(
        IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<MessageState> sagaConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 64;
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(10, 50, 100, 250, 500, 1000, 2000));
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
