namespace Aggregator.Contracts;

/// <summary>A channel consumer began an attempt to deliver a message.</summary>
public record DeliveryAttemptStarted
{
    /// <summary>The message's identity.</summary>
    public required Guid MessageId { get; init; }

    /// <summary>W3C trace id of the request that submitted the message.</summary>
    public required string TraceId { get; init; }

    /// <summary>1 for the first attempt, counting on through retries and redrives.</summary>
    public required int Attempt { get; init; }

    /// <summary>When the attempt began (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }
}
