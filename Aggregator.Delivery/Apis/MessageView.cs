using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.StateMachines;

namespace Aggregator.Delivery.Apis;

/// <summary>A message as support staff see it: <c>GET /api/v1/messages/{messageId}</c>.</summary>
public sealed record MessageView(
    Guid MessageId,
    string TraceId,
    string Channel,
    string Recipient,
    string State,
    int Attempts,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? FailedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? StuckSince,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<AttemptView>? AttemptHistory)
{
    public static MessageView From(MessageState message, IEnumerable<DeliveryAttempt>? attempts) => new(
        message.CorrelationId,
        message.TraceId,
        message.Channel.ToString().ToLowerInvariant(),
        message.Recipient,
        message.CurrentState,
        message.Attempts,
        message.LastError,
        message.CreatedAt,
        message.UpdatedAt,
        message.DeliveredAt,
        message.FailedAt,
        message.NextAttemptAt,
        message.StuckSince,
        attempts?.Select(AttemptView.From).ToList());
}

/// <summary>One delivery attempt of a message.</summary>
public sealed record AttemptView(int Attempt, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string Outcome, string? Error)
{
    public static AttemptView From(DeliveryAttempt attempt) =>
        new(attempt.Attempt, attempt.StartedAt, attempt.FinishedAt, attempt.Outcome.ToString(), attempt.Error);
}
