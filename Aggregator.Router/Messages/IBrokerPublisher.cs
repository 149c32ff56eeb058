using Aggregator.Contracts;

namespace Aggregator.Router.Messages;

/// <summary>The one call that hands messages to the broker and waits for the confirm; an interface so a test can stand in for the broker.</summary>
public interface IBrokerPublisher
{
    Task PublishAsync(MessageSubmitted message, CancellationToken cancellationToken);

    /// <summary>The accepted messages of a batch as one broker message, confirmed or not as one.</summary>
    Task PublishAsync(MessagesSubmitted batch, CancellationToken cancellationToken);
}
