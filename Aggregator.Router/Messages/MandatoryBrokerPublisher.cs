using Aggregator.Contracts;
using MassTransit;

namespace Aggregator.Router.Messages;

/// <summary>
/// Publishes a normal message and sends a high one straight to the saga's high lane (<see cref="MessageLanes"/>), both
/// as mandatory: RabbitMQ confirms a message that no queue is bound to receive and then drops it; as mandatory, it
/// comes back instead, the publish fails, and the client hears 503 rather than a 202 for a message nobody will see. A
/// batch's envelope is published the same way (Delivery's batch queue is bound to it).
/// </summary>
public sealed class MandatoryBrokerPublisher(IBus bus) : IBrokerPublisher
{
    public async Task PublishAsync(MessageSubmitted message, CancellationToken cancellationToken)
    {
        if (message.Priority == MessagePriority.High)
        {
            // MassTransit declares the durable queue on the first send, so it waits there until a Delivery service reads it.
            var highLane = await bus.GetSendEndpoint(MessageLanes.SagaHighAddress);
            await highLane.Send(message, Mandatory, cancellationToken);
            return;
        }
        await bus.Publish(message, Mandatory, cancellationToken);
    }

    public Task PublishAsync(MessagesSubmitted batch, CancellationToken cancellationToken) =>
        bus.Publish(batch, Mandatory, cancellationToken);

    private static void Mandatory<T>(SendContext<T> context)
        where T : class
    {
        if (context is RabbitMqSendContext rabbit)
        {
            rabbit.Mandatory = true;
        }
    }
}
