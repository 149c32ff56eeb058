using Aggregator.Delivery.Channels;
using Aggregator.Delivery.Resilience;
using MassTransit;

namespace Aggregator.Delivery.StateMachines;

/// <summary>
/// The saga's endpoint. Retries cover an event that overtook the creation of its saga and a creation
/// that raced a duplicate; the in-memory outbox holds the saga's sends until its transaction has
/// committed, so a consumer never acts on a saga state that could still roll back. While PostgreSQL is away,
/// events wait in RabbitMQ (<see cref="OutageRetry"/>) instead of ending in <c>message-state_error</c>.
/// </summary>
public sealed class MessageStateDefinition : SagaDefinition<MessageState>
{
    private readonly OutageWaits waits;

    public MessageStateDefinition(OutageWaits waits)
    {
        this.waits = waits;
        ConcurrentMessageLimit = Concurrency;
    }

    /// <summary>Each message in flight holds a database connection for its transaction; the pool is sized from this.</summary>
    public const int Concurrency = 32;

    /// <summary>Unacknowledged events per lane: those in the saga, waiting for it, or running a first attempt in process.</summary>
    public const int PrefetchCount = 96;

    protected override void ConfigureSaga(
        IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<MessageState> sagaConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = PrefetchCount;
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(10, 50, 100, 250, 500, 1000, 2000));
        endpointConfigurator.UseOutageRetry(waits);
        // Outside the outbox: the first attempt starts once the saga has committed and its own messages are sent.
        FirstAttemptConfiguration.UseFirstAttemptsInProcess(endpointConfigurator, context.GetRequiredService<FirstAttemptStarter>());
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
