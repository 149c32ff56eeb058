namespace Aggregator.Contracts;

/// <summary>Support staff asked for a fresh cycle of attempts for a message that is Failed.</summary>
public record RedriveMessage
{
    /// <summary>The message's identity.</summary>
    public required Guid MessageId { get; init; }

    /// <summary>When the redrive was asked for (UTC).</summary>
    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>The name of the API key that asked for it, for the message's history and the log.</summary>
    public string? RequestedBy { get; init; }
}
