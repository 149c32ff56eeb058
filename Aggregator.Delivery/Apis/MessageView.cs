using System.Text.Json.Serialization;
using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Channels;
using Aggregator.Delivery.StateMachines;
using Aggregator.ServiceDefaults.Messaging;

namespace Aggregator.Delivery.Apis;

/// <summary>A message as support staff see it: <c>GET /api/v1/messages/{messageId}</c>.</summary>
public sealed record MessageView(
    Guid MessageId,
    string TraceId,
    string Channel,
    string Recipient,
    string State,
    string Priority,
    DateTimeOffset? SendAt,
    DateTimeOffset? ExpiresAt,
    int Attempts,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? FailedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? StuckSince,
    string? ProviderStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<AttemptView>? AttemptHistory,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<AuditView>? Audit = null)
{
    // receipts: the kept status by provider message id. The message's own column may not have caught up with a receipt
    // that arrived just before its attempt was recorded, if the process stopped in between (MessageStateWrites.ApplyReceiptsAsync).
    public static MessageView From(
        MessageState message, IEnumerable<DeliveryAttempt>? attempts, IReadOnlyDictionary<string, string>? receipts = null, IEnumerable<MessageAuditEntry>? audit = null)
    {
        var history = attempts?.Select(a => AttemptView.From(a, a.ProviderMessageId is { } id ? receipts?.GetValueOrDefault(id) : null)).ToList();
        return new(
            message.CorrelationId,
            message.TraceId,
            MessageChannels.NameOf(message.Channel),
            message.Recipient,
            message.CurrentState,
            message.Priority == Contracts.MessagePriority.High ? "high" : "normal",
            message.SendAt,
            message.ExpiresAt,
            message.Attempts,
            message.LastError,
            message.CreatedAt,
            message.UpdatedAt,
            message.DeliveredAt,
            message.FailedAt,
            message.NextAttemptAt,
            message.StuckSince,
            history?.Aggregate(message.ProviderStatus, (latest, attempt) => Receipts.ProviderStatus.Latest(latest, attempt.ProviderStatus))
                ?? message.ProviderStatus,
            history,
            audit?.Select(e => new AuditView(e.Action, e.By, e.At, e.FromState)).ToList());
    }
}

/// <summary>Who did what to the message (a redrive, a cancel), when, and from which state.</summary>
public sealed record AuditView(string Action, string By, DateTimeOffset At, string FromState);

/// <summary>One delivery attempt of a message: the provider that took it (or failed last) and every provider tried, in order.</summary>
public sealed record AttemptView(
    int Attempt,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string Outcome,
    string? Error,
    string? Provider,
    string? ProviderMessageId,
    string? ProviderStatus,
    IReadOnlyList<ProviderTry> ProvidersTried)
{
    public static AttemptView From(DeliveryAttempt attempt, string? providerStatus) => new(
        attempt.Attempt, attempt.StartedAt, attempt.FinishedAt, attempt.Outcome.ToString(), attempt.Error,
        attempt.Provider, attempt.ProviderMessageId, providerStatus,
        attempt.ProvidersTried ?? (attempt.Provider is { } provider ? [new ProviderTry(provider, ProviderTryOutcome.Succeeded)] : []));
}
