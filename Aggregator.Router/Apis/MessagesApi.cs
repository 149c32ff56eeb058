using System.Diagnostics;
using System.Globalization;
using Aggregator.Router.Idempotency;
using Aggregator.Router.Messages;
using Aggregator.Router.Security;
using Aggregator.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using RefusedBody = Microsoft.AspNetCore.Http.HttpResults.Results<
    Aggregator.Router.Apis.StatusProblem<Aggregator.Router.Apis.Status413PayloadTooLarge>,
    Aggregator.Router.Apis.StatusProblem<Aggregator.Router.Apis.Status415UnsupportedMediaType>>;
using SubmitMessageResults = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Accepted<Aggregator.Router.Messages.SubmitMessageResponse>,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem,
    Aggregator.Router.Apis.StatusProblem<Aggregator.Router.Apis.Status409Conflict>,
    Aggregator.Router.Apis.StatusProblem<Aggregator.Router.Apis.Status422UnprocessableEntity>,
    Aggregator.Router.Apis.StatusProblem<Aggregator.Router.Apis.Status503ServiceUnavailable>,
    Microsoft.AspNetCore.Http.HttpResults.Results<
        Aggregator.Router.Apis.StatusProblem<Aggregator.Router.Apis.Status413PayloadTooLarge>,
        Aggregator.Router.Apis.StatusProblem<Aggregator.Router.Apis.Status415UnsupportedMediaType>>>;

namespace Aggregator.Router.Apis;

public static class MessagesApi
{
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/messages")
            .RequireRole(Roles.Submit)
            .RequireSubmitRateLimit()
            .WithTags("Messages");
        api.MapPost("/", SubmitMessage)
            .WithName("SubmitMessage")
            .WithSummary("Submit a message for delivery")
            .WithDescription("Validates the message, refuses duplicate content within the de-duplication window, and answers 202 once the broker has confirmed it.")
            // The body is read by SubmitMessageReader, not bound, so each kind of bad body gets its own answer; this only describes it.
            .Accepts<SubmitMessageRequest>("application/json");
        return app;
    }

    public static async Task<SubmitMessageResults> SubmitMessage(HttpContext http, MessageIntake intake)
    {
        var request = http.Request;
        var reading = await SubmitMessageReader.ReadAsync(request.Body, request.ContentType, request.ContentLength, http.RequestAborted);
        if (reading.Refusal is { } refusal)
        {
            return Refused(refusal);
        }
        if (reading.Errors is { } errors)
        {
            return Invalid(errors);
        }
        var keys = request.Headers[IdempotencyKey.Header];
        if (keys.Count > 1 || (keys.Count == 1 && !IdempotencyKey.IsValid(keys[0])))
        {
            return Invalid(new() { [IdempotencyKey.Header] = ["Idempotency-Key must be one value of 1 to 255 printable ASCII characters."] });
        }
        var outcome = await intake.SubmitAsync(reading.Request!, keys.Count == 1 ? keys[0] : null, http.User.Identity!.Name!);
        return Answer(outcome, http.Response);
    }

    private static SubmitMessageResults Answer(SubmitOutcome outcome, HttpResponse response)
    {
        switch (outcome)
        {
            case SubmitOutcome.Accepted accepted:
                return TypedResults.Accepted(accepted.Response.StatusUrl, accepted.Response);
            case SubmitOutcome.Replayed replayed:
                response.Headers[IdempotencyKey.ReplayedHeader] = "true";
                return TypedResults.Accepted(replayed.Response.StatusUrl, replayed.Response);
            case SubmitOutcome.Invalid invalid:
                return Invalid(invalid.Errors);
            case SubmitOutcome.Duplicate { PendingRetryAfterSeconds: { } wait } pending:
                response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                return new StatusProblem<Status409Conflict>("Duplicate message.",
                    $"The same content is being accepted as message {pending.OriginalId} right now. If that message is not found " +
                    $"after {wait} s (its request failed), send this one again.", Naming(pending.OriginalId));
            case SubmitOutcome.Duplicate duplicate:
                return new StatusProblem<Status409Conflict>("Duplicate message.",
                    $"The same content was accepted as message {duplicate.OriginalId} within the de-duplication window.", Naming(duplicate.OriginalId));
            case SubmitOutcome.InFlight inFlight:
                response.Headers.RetryAfter = inFlight.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return new StatusProblem<Status409Conflict>("The first request with this Idempotency-Key is still in flight.", "Retry after it has been answered.");
            case SubmitOutcome.KeyMismatch:
                return new StatusProblem<Status422UnprocessableEntity>("This Idempotency-Key was used for another payload.", "Use a new key for a different message.");
            case SubmitOutcome.Unavailable unavailable:
                response.Headers.RetryAfter = unavailable.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return new StatusProblem<Status503ServiceUnavailable>("Service unavailable.", unavailable.Detail,
                    unavailable.MessageId is { } messageId ? Naming(messageId) : null);
            default:
                throw new UnreachableException($"No answer for {outcome}.");
        }
    }

    private static RefusedBody Refused(ReadingRefusal refusal) => refusal switch
    {
        ReadingRefusal.TooLarge => new StatusProblem<Status413PayloadTooLarge>("The body is too large.",
            $"A message request may be at most {SubmitMessageReader.MaxBodyBytes / 1024} KiB."),
        _ => new StatusProblem<Status415UnsupportedMediaType>("The body must be JSON.", "Send the message as application/json in UTF-8."),
    };

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The message is not valid.");

    private static Dictionary<string, object?> Naming(Guid messageId) => new() { ["messageId"] = messageId };
}
