namespace Aggregator.Router.Messages;

/// <summary>How a message request ended, for the endpoint to put into HTTP.</summary>
public abstract record SubmitOutcome
{
    private SubmitOutcome()
    {
    }

    /// <summary>Queued: the broker confirmed it.</summary>
    public sealed record Accepted(SubmitMessageResponse Response) : SubmitOutcome;

    /// <summary>The answer stored for an earlier request with the same <c>Idempotency-Key</c> and payload.</summary>
    public sealed record Replayed(SubmitMessageResponse Response) : SubmitOutcome;

    /// <summary>Rules broken, keyed by field.</summary>
    public sealed record Invalid(Dictionary<string, string[]> Errors) : SubmitOutcome;

    /// <summary>
    /// The same content was accepted as <paramref name="OriginalId"/> within the de-duplication window, or is being
    /// accepted right now (<paramref name="PendingRetryAfterSeconds"/> set: if it is not found after that long, send again).
    /// </summary>
    public sealed record Duplicate(Guid OriginalId, int? PendingRetryAfterSeconds = null) : SubmitOutcome;

    /// <summary>The first request with this <c>Idempotency-Key</c> has not been answered yet.</summary>
    public sealed record InFlight(int RetryAfterSeconds) : SubmitOutcome;

    /// <summary>The <c>Idempotency-Key</c> was used for another payload.</summary>
    public sealed record KeyMismatch : SubmitOutcome;

    /// <summary>
    /// Redis or the broker could not be used. <paramref name="MessageId"/> is set when the message may have been queued
    /// under that id all the same: the same request, sent again, is then accepted under it.
    /// </summary>
    public sealed record Unavailable(string Detail, int RetryAfterSeconds, Guid? MessageId) : SubmitOutcome;
}
