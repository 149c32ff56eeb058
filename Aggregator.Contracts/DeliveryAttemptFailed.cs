namespace Aggregator.Contracts;

/// <summary>An attempt failed transiently; the delivery command will be redelivered if retries remain.</summary>
public record DeliveryAttemptFailed
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

    /// <summary>When the next attempt is due, or null when this was the last one.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
}
