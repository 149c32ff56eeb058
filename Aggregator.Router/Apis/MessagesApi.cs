using System.Globalization;
using Aggregator.Router.Idempotency;
using Aggregator.Router.Messages;
using Aggregator.Router.OpenApi;
using Aggregator.Router.Security;
using Aggregator.ServiceDefaults.OpenApi;
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
            .WithTags("Messages")
            .WithResponseExample(StatusCodes.Status429TooManyRequests, MessageExamples.RateLimited);
        api.MapPost("/", SubmitMessage)
            .RequireOnePermit()
            .WithName("SubmitMessage")
            .WithSummary("Submit a message for delivery")
            .WithDescription(
                "Checks the message and queues it for delivery by email, SMS or WhatsApp. " +
                "202: accepted and durably queued; the body names the messageId and the statusUrl where its delivery can be followed. " +
                "400: the body is not valid JSON or breaks a rule (problem details with an errors object keyed by field). " +
                "409: the same content (channel, recipient, subject, body) was accepted within the de-duplication window; the problem names the original messageId. " +
                "413: the body is over 256 KiB. 415: the body is not JSON. " +
                "422: the Idempotency-Key was used before with a different payload; the same key with the same payload within 24 h answers the original 202 again. " +
                "429: the client's rate limit is used up; wait the Retry-After seconds. " +
                "503: the de-duplication store or the message broker is unusable; wait the Retry-After seconds. When the problem names a messageId, " +
                "whether that message was queued is not known: sending the same request again answers 202 with that messageId or 409 naming it, " +
                "and the message is delivered at most once. Optional headers: Idempotency-Key, traceparent or X-Trace-Id.")
            // The body is read by SubmitMessageReader, not bound, so each kind of bad body gets its own answer; this only describes it.
            .Accepts<SubmitMessageRequest>("application/json")
            .WithRequestExample(MessageExamples.Submit)
            .WithResponseExample(StatusCodes.Status202Accepted, MessageExamples.Accepted)
            .WithResponseExample(StatusCodes.Status400BadRequest, MessageExamples.Invalid)
            .WithResponseExample(StatusCodes.Status409Conflict, MessageExamples.Duplicate)
            .WithResponseExample(StatusCodes.Status503ServiceUnavailable, MessageExamples.Unavailable);
        api.MapMessageBatch();
        return app;
    }

    public static async Task<SubmitMessageResults> SubmitMessage(HttpContext http, MessageIntake intake)
    {
        var request = http.Request;
        var reading = await SubmitMessageReader.ReadAsync(request.Body, request.ContentType, request.ContentLength, http.RequestAborted);
        if (reading.Refusal is { } refusal)
        {
            return Refused(refusal, "message request", SubmitMessageReader.MaxBodyBytes);
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
        }
        var problem = OutcomeProblem.Of(outcome);
        if (problem.RetryAfterSeconds is { } wait)
        {
            response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
        }
        var naming = problem.MessageId is { } messageId ? new Dictionary<string, object?> { ["messageId"] = messageId } : null;
        return problem.Status switch
        {
            StatusCodes.Status409Conflict => new StatusProblem<Status409Conflict>(problem.Title, problem.Detail, naming),
            StatusCodes.Status422UnprocessableEntity => new StatusProblem<Status422UnprocessableEntity>(problem.Title, problem.Detail, naming),
            _ => new StatusProblem<Status503ServiceUnavailable>(problem.Title, problem.Detail, naming),
        };
    }

    internal static RefusedBody Refused(ReadingRefusal refusal, string what, int maxBytes) => refusal switch
    {
        ReadingRefusal.TooLarge => new StatusProblem<Status413PayloadTooLarge>("The body is too large.",
            $"A {what} may be at most {maxBytes / 1024:N0} KiB."),
        _ => new StatusProblem<Status415UnsupportedMediaType>("The body must be JSON.", "Send the request as application/json in UTF-8."),
    };

    internal static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The message is not valid.");
}
