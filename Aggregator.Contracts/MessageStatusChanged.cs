namespace Aggregator.Contracts;

/// <summary>
/// Published by Delivery when a message reaches a state a client may be told about (the webhook events): delivered,
/// failed, retrying, expired, cancelled, or a new provider receipt. Published at least once, only while some webhook is
/// registered; <see cref="EventId"/> is the same for every copy of one event.
/// </summary>
public record MessageStatusChanged
{
    /// <summary>Stable per event (message, type, attempts, provider status): the <c>webhook-id</c> of every try.</summary>
    public required Guid EventId { get; init; }

    /// <summary><c>message.delivered</c>, <c>message.failed</c>, <c>message.retrying</c>, <c>message.expired</c>, <c>message.cancelled</c> or <c>message.receipt</c>.</summary>
    public required string Type { get; init; }

    public required Guid MessageId { get; init; }

    public required string TraceId { get; init; }

    public required MessageChannel Channel { get; init; }

    /// <summary>The saga's state: Delivered, Failed, Retrying, Expired, Cancelled (or the current one for a receipt).</summary>
    public required string State { get; init; }

    public required int Attempts { get; init; }

    /// <summary>The latest provider receipt's status, where there is one.</summary>
    public string? ProviderStatus { get; init; }

    /// <summary>The API key that submitted the message: a <c>submit</c> key's webhooks hear only of its own messages.</summary>
    public string? SubmittedBy { get; init; }

    /// <summary>When the change happened (UTC).</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}
