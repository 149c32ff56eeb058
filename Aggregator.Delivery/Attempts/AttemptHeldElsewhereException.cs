namespace Aggregator.Delivery.Attempts;

/// <summary>Another copy of the same delivery command holds the attempt's lease; this copy waits rather than send twice.</summary>
public sealed class AttemptHeldElsewhereException(Guid messageId, int attempt)
    : Exception($"Attempt {attempt} of message {messageId} is under way in another consumer.");
