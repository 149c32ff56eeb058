namespace Aggregator.Contracts;

/// <summary>An attempt failed in a way no retry can mend (a rejected recipient, say): the message is failed at once.</summary>
public record DeliveryAttemptFailedPermanently
{
    /// <summary>The message's identity.</summary>
    public required Guid MessageId { get; init; }

    /// <summary>W3C trace id of the request that submitted the message.</summary>
    public required string TraceId { get; init; }

    /// <summary>The attempt that failed.</summary>
    public required int Attempt { get; init; }

    /// <summary>What went wrong, safe to show to support staff.</summary>
    public required string Error { get; init; }

    /// <summary>When the attempt failed (UTC).</summary>
    public required DateTimeOffset FailedAt { get; init; }
}
