using Aggregator.Contracts;
using MassTransit;

namespace Aggregator.Router.Messages;

/// <summary>
/// Publishes as mandatory: RabbitMQ confirms a message that no queue is bound to receive and then drops it; as
/// mandatory, it comes back instead, the publish fails, and the client hears 503 rather than a 202 for a message
/// nobody will see.
/// </summary>
public sealed class MandatoryBrokerPublisher(IBus bus) : IBrokerPublisher
{
    public Task PublishAsync(MessageSubmitted message, CancellationToken cancellationToken) =>
        bus.Publish(message, Mandatory, cancellationToken);

    private static void Mandatory(PublishContext<MessageSubmitted> context)
    {
        if (context is RabbitMqSendContext rabbit)
        {
            rabbit.Mandatory = true;
        }
    }
}
