using Aggregator.Contracts;

namespace Aggregator.Router.Messages;

/// <summary>The one call that hands a message to the broker and waits for its confirm; an interface so a test can stand in for the broker.</summary>
public interface IBrokerPublisher
{
    Task PublishAsync(MessageSubmitted message, CancellationToken cancellationToken);
}
