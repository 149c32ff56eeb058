using System.Text.Json;

namespace Aggregator.Contracts;

/// <summary>
/// Published by the Router once a message passed validation and de-duplication.
/// Starts the message's delivery; <see cref="MessageId"/> identifies it everywhere.
/// </summary>
public record MessageSubmitted
{
    /// <summary>The message's identity, chosen by the Router; the saga's correlation id.</summary>
    public required Guid MessageId { get; init; }

    /// <summary>W3C trace id (32 lowercase hex) of the request that submitted the message.</summary>
    public required string TraceId { get; init; }

    /// <summary>Where the message goes.</summary>
    public required MessageChannel Channel { get; init; }

    /// <summary>The full recipient (e-mail address or E.164 number); never logged unmasked.</summary>
    public required string Recipient { get; init; }

    /// <summary>Optional subject (e-mail only in practice).</summary>
    public string? Subject { get; init; }

    /// <summary>The message body; never logged.</summary>
    public required string Body { get; init; }

    /// <summary>Client metadata, including the reserved <c>simulate</c> directive.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; init; }

    /// <summary>
    /// The name of the API key that submitted it ("anonymous" while no key is configured): a <c>submit</c> key reads only
    /// its own messages. Null from a Router older than access control.
    /// </summary>
    public string? SubmittedBy { get; init; }

    /// <summary>When the first attempt may start (UTC); null or past = at once. The message is Scheduled until then.</summary>
    public DateTimeOffset? SendAt { get; init; }

    /// <summary>No attempt starts after this (UTC); a message that would need one is Expired.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Normal, or High for the lane that overtakes normal traffic (sent to <see cref="MessageLanes.SagaHigh"/>).</summary>
    public MessagePriority Priority { get; init; }

    /// <summary>When the Router accepted the message (UTC).</summary>
    public required DateTimeOffset SubmittedAt { get; init; }
}
