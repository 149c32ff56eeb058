using System.Text.Json;

namespace Aggregator.Contracts;

/// <summary>
/// Sent by the delivery saga to the channel's queue (<c>email_delivery_queue</c>, ...): deliver this message now.
/// Redeliveries of a failed attempt reuse this command; the attempt number is
/// <see cref="FirstAttempt"/> plus MassTransit's redelivery count.
/// </summary>
public record DeliverMessage
{
    /// <summary>The message's identity; the key of every idempotency check.</summary>
    public required Guid MessageId { get; init; }

    /// <summary>W3C trace id of the request that submitted the message.</summary>
    public required string TraceId { get; init; }

    /// <summary>The number of this command's first attempt: 1, or the next number after a redrive.</summary>
    public required int FirstAttempt { get; init; }

    /// <summary>The channel, which decides the queue and the provider.</summary>
    public required MessageChannel Channel { get; init; }

    /// <summary>The full recipient; never logged unmasked.</summary>
    public required string Recipient { get; init; }

    /// <summary>Optional subject.</summary>
    public string? Subject { get; init; }

    /// <summary>The message body; never logged.</summary>
    public required string Body { get; init; }

    /// <summary>No attempt starts after this (UTC): the consumer makes the message Expired instead.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Which lane of the channel the command travels, and the lane of the saga events it causes.</summary>
    public MessagePriority Priority { get; init; }

    /// <summary>The API key that submitted the message, for the status events its webhooks hear.</summary>
    public string? SubmittedBy { get; init; }

    /// <summary>Client metadata, including the reserved <c>simulate</c> directive.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; init; }
}
