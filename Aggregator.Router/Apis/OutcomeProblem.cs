using System.Diagnostics;
using Aggregator.Router.Messages;

namespace Aggregator.Router.Apis;

/// <summary>
/// How a submit that was not accepted is explained: a status, a title and detail, the message it names and when to try
/// again. The single endpoint answers it as problem details; a batch item carries it.
/// </summary>
public sealed record OutcomeProblem(int Status, string Title, string Detail, Guid? MessageId, int? RetryAfterSeconds)
{
    public static OutcomeProblem Of(SubmitOutcome outcome) => outcome switch
    {
        SubmitOutcome.Duplicate { PendingRetryAfterSeconds: { } wait } pending => new(StatusCodes.Status409Conflict, "Duplicate message.",
            $"The same content is being accepted as message {pending.OriginalId} right now. If that message is not found " +
            $"after {wait} s (its request failed), send this one again.", pending.OriginalId, wait),
        SubmitOutcome.Duplicate duplicate => new(StatusCodes.Status409Conflict, "Duplicate message.",
            $"The same content was accepted as message {duplicate.OriginalId} within the de-duplication window.", duplicate.OriginalId, null),
        SubmitOutcome.InFlight inFlight => new(StatusCodes.Status409Conflict, "The first request with this Idempotency-Key is still in flight.",
            "Retry after it has been answered.", null, inFlight.RetryAfterSeconds),
        SubmitOutcome.KeyMismatch => new(StatusCodes.Status422UnprocessableEntity, "This Idempotency-Key was used for another payload.",
            "Use a new key for a different message.", null, null),
        SubmitOutcome.Unavailable unavailable => new(StatusCodes.Status503ServiceUnavailable, "Service unavailable.",
            unavailable.Detail, unavailable.MessageId, unavailable.RetryAfterSeconds),
        _ => throw new UnreachableException($"{outcome} is not a problem."),
    };
}
