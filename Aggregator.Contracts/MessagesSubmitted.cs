namespace Aggregator.Contracts;

/// <summary>
/// The accepted messages of one batch request, published by the Router as one broker message with one confirm (the
/// broker's cost per message is what limits ingest); Delivery hands each on as a <see cref="MessageSubmitted"/>.
/// </summary>
public record MessagesSubmitted
{
    /// <summary>Each message as it would have been published alone.</summary>
    public required IReadOnlyList<MessageSubmitted> Messages { get; init; }
}
