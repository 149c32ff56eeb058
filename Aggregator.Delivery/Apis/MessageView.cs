using Aggregator.Delivery.Messages;

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
    IReadOnlyList<AttemptView> AttemptHistory)
{
    public static MessageView From(MessageState message, IReadOnlyList<AttemptView> attempts) => new(
        message.MessageId,
        message.TraceId,
        message.Channel.ToString().ToLowerInvariant(),
        message.Recipient,
        message.State,
        message.Attempts,
        message.LastError,
        message.CreatedAt,
        message.UpdatedAt,
        message.DeliveredAt,
        message.FailedAt,
        attempts);
}

/// <summary>One delivery attempt of a message.</summary>
public sealed record AttemptView(int Attempt, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Outcome, string? Error);
