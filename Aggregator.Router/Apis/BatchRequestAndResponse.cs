using System.ComponentModel;
using System.Text.Json.Serialization;
using Aggregator.Router.Messages;

namespace Aggregator.Router.Apis;

/// <summary>The body of <c>POST /api/v1/messages/batch</c>, for the OpenAPI document: <see cref="BatchReader"/> reads it.</summary>
public sealed record SubmitMessageBatchRequest(
    [property: Description("1 to 500 messages, each as the body of POST /api/v1/messages plus an optional idempotencyKey.")]
    IReadOnlyList<BatchMessageRequest> Messages);

/// <summary>One message of a batch, for the OpenAPI document.</summary>
public sealed record BatchMessageRequest() : SubmitMessageRequest(null, null, null, null, null)
{
    [Description("Optional, 1 to 255 printable ASCII characters: this item's Idempotency-Key, with the header's rules (per API key, 24 h, shared with single requests).")]
    public string? IdempotencyKey { get; init; }
}

/// <summary>The 200 answer to a batch: one item per message sent, in its order.</summary>
public sealed record BatchResponse(IReadOnlyList<BatchItemResponse> Items);

/// <summary>
/// What one message of a batch would have been answered on its own: <see cref="Status"/> is that status (202, 400, 409,
/// 422 or 503) and the fields are those of that answer.
/// </summary>
public sealed record BatchItemResponse(
    [property: Description("The message's place in the batch, from 0.")]
    int Index,
    [property: Description("The status the message would have had sent alone: 202, 400, 409, 422 or 503.")]
    int Status,
    [property: Description("202: the accepted message; 409: the original; 503: the id tried when the outcome is unknown (send the same item again).")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    Guid? MessageId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? TraceId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? StatusUrl = null,
    [property: Description("400: the rules broken, keyed by field.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IDictionary<string, string[]>? Errors = null,
    [property: Description("409, 422, 503: what happened and what to do.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? Detail = null,
    [property: JsonIgnore]
    int? RetryAfterSeconds = null)
{
    public static BatchItemResponse Of(int index, SubmitOutcome outcome)
    {
        switch (outcome)
        {
            case SubmitOutcome.Accepted { Response: var accepted }:
                return Answered(index, accepted);
            case SubmitOutcome.Replayed { Response: var replayed }:
                return Answered(index, replayed);
            case SubmitOutcome.Invalid invalid:
                return new(index, StatusCodes.Status400BadRequest, Errors: invalid.Errors);
        }
        var problem = OutcomeProblem.Of(outcome);
        return new(index, problem.Status, problem.MessageId, Detail: $"{problem.Title} {problem.Detail}", RetryAfterSeconds: problem.RetryAfterSeconds);
    }

    private static BatchItemResponse Answered(int index, SubmitMessageResponse response) =>
        new(index, StatusCodes.Status202Accepted, response.MessageId, response.TraceId, response.StatusUrl);
}
