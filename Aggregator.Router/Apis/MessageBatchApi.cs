using System.Globalization;
using Aggregator.Router.Idempotency;
using Aggregator.Router.Messages;
using Aggregator.Router.OpenApi;
using Aggregator.Router.Security;
using Aggregator.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Mvc;
using SubmitBatchResults = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<Aggregator.Router.Apis.BatchResponse>,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem,
    Aggregator.Router.Apis.StatusProblem<Aggregator.Router.Apis.Status429TooManyRequests>,
    Microsoft.AspNetCore.Http.HttpResults.Results<
        Aggregator.Router.Apis.StatusProblem<Aggregator.Router.Apis.Status413PayloadTooLarge>,
        Aggregator.Router.Apis.StatusProblem<Aggregator.Router.Apis.Status415UnsupportedMediaType>>>;

namespace Aggregator.Router.Apis;

/// <summary><c>POST /api/v1/messages/batch</c>: up to 500 messages in one request, each answered as if sent alone.</summary>
public static class MessageBatchApi
{
    public static RouteGroupBuilder MapMessageBatch(this RouteGroupBuilder api)
    {
        api.MapPost("/batch", SubmitBatch)
            .WithName("SubmitMessageBatch")
            .WithSummary("Submit up to 500 messages in one request")
            .WithDescription(
                "Checks, de-duplicates and queues each message as if it were sent alone. " +
                "200: one item per message, in order, each carrying the status the message would have had sent alone " +
                "(202, 400, 409, 422, 503) and that answer's fields. Items that repeat content or an idempotencyKey are taken " +
                "in their order. Idempotency is per item (idempotencyKey); an Idempotency-Key header is refused. " +
                "400: the body is not JSON of 1 to 500 messages, or carries an Idempotency-Key header (problem details with errors). " +
                "413: the body is over 4 MiB. 415: the body is not JSON. " +
                "429: the client's rate limit, in which each message takes one permit, is used up; wait the Retry-After seconds.")
            // Read by BatchReader, not bound; this only describes it.
            .Accepts<SubmitMessageBatchRequest>("application/json")
            .WithRequestExample(MessageExamples.Batch)
            .WithResponseExample(StatusCodes.Status200OK, MessageExamples.BatchAnswered)
            .WithResponseExample(StatusCodes.Status400BadRequest, MessageExamples.BatchInvalid)
            // Kestrel's cap for every other request is twice the single limit; the reader gives the clear 413.
            .WithMetadata(new RequestSizeLimitAttribute(2 * BatchReader.MaxBodyBytes));
        return api;
    }

    public static async Task<SubmitBatchResults> SubmitBatch(HttpContext http, BatchIntake intake, SubmitRateLimiter rateLimit)
    {
        var request = http.Request;
        if (request.Headers.ContainsKey(IdempotencyKey.Header))
        {
            return MessagesApi.Invalid(new()
            {
                [IdempotencyKey.Header] = ["A batch takes no Idempotency-Key header: give each message its own idempotencyKey field instead."],
            });
        }
        var reading = await BatchReader.ReadAsync(request.Body, request.ContentType, request.ContentLength, http.RequestAborted);
        if (reading.Refusal is { } refusal)
        {
            return MessagesApi.Refused(refusal, "batch request", BatchReader.MaxBodyBytes);
        }
        if (reading.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors, title: "The batch is not valid.");
        }
        if (rateLimit.TryTake(http, reading.Items!.Count) is { } limited)
        {
            return limited;
        }
        var outcomes = await intake.SubmitAsync(reading.Items, http.User.Identity!.Name!);
        var items = outcomes.Select((outcome, index) => BatchItemResponse.Of(index, outcome)).ToList();
        // The longest wait any item asks for: retrying the items that need it before then gains nothing.
        if (items.Max(item => item.RetryAfterSeconds) is { } wait)
        {
            http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
        }
        return TypedResults.Ok(new BatchResponse(items));
    }
}
