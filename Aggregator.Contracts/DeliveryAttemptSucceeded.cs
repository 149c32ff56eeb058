namespace Aggregator.Contracts;

/// <summary>The provider accepted the message: it is delivered.</summary>
public record DeliveryAttemptSucceeded
{
    /// <summary>The message's identity.</summary>
    public required Guid MessageId { get; init; }

    /// <summary>W3C trace id of the request that submitted the message.</summary>
    public required string TraceId { get; init; }

    /// <summary>The attempt that succeeded.</summary>
    public required int Attempt { get; init; }

    /// <summary>When the provider accepted the message (UTC).</summary>
    public required DateTimeOffset DeliveredAt { get; init; }

    /// <summary>The provider's own id for the message.</summary>
    public required string ProviderMessageId { get; init; }
}
