using System.Security.Cryptography;
using System.Text;
using Aggregator.Contracts;
using Aggregator.Delivery.StateMachines;
using MassTransit;

namespace Aggregator.Delivery.StatusEvents;

/// <summary>
/// Publishes <see cref="MessageStatusChanged"/> when a message reaches a state clients hear of, while anyone listens.
/// Each is published after the change it reports has committed (the saga's through its outbox), and published again
/// when the change is met again (a redelivered command of a delivered message): at least once, with the same
/// <see cref="MessageStatusChanged.EventId"/> for every copy.
/// </summary>
public sealed class StatusEventPublisher(IStatusListeners listeners)
{
    public bool Wanted => listeners.AnyListening;

    public async Task PublishAsync(IPublishEndpoint endpoint, StatusChange change, CancellationToken cancellationToken)
    {
        if (!listeners.AnyListening || TypeOf(change.State, change.IsReceipt) is not { } type)
        {
            return;
        }
        await endpoint.Publish(new MessageStatusChanged
        {
            EventId = EventIdOf(change.MessageId, type, change.Attempts, change.ProviderStatus),
            Type = type,
            MessageId = change.MessageId,
            TraceId = change.TraceId,
            Channel = change.Channel,
            State = change.State,
            Attempts = change.Attempts,
            ProviderStatus = change.ProviderStatus,
            SubmittedBy = change.SubmittedBy,
            OccurredAt = change.OccurredAt,
        }, cancellationToken);
    }

    public static StatusChange Of(MessageState saga, bool isReceipt = false) => new(
        saga.CorrelationId, saga.TraceId, saga.Channel, saga.CurrentState, saga.Attempts, saga.ProviderStatus, saga.SubmittedBy,
        saga.UpdatedAt, isReceipt);

    /// <summary>The webhook event type of a state, or null for states clients are not told of (Accepted, Processing, Scheduled).</summary>
    public static string? TypeOf(string state, bool isReceipt = false) => isReceipt ? "message.receipt" : state switch
    {
        nameof(MessageStateMachine.Delivered) => "message.delivered",
        nameof(MessageStateMachine.Failed) => "message.failed",
        nameof(MessageStateMachine.Retrying) => "message.retrying",
        nameof(MessageStateMachine.Expired) => "message.expired",
        nameof(MessageStateMachine.Cancelled) => "message.cancelled",
        _ => null,
    };

    /// <summary>The same for every copy of one event: a receiver de-duplicates on it (<c>webhook-id</c>).</summary>
    private static Guid EventIdOf(Guid messageId, string type, int attempts, string? providerStatus)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{messageId:N}|{type}|{attempts}|{providerStatus}"), hash);
        return new Guid(hash[..16]);
    }
}

/// <summary>What changed, for <see cref="StatusEventPublisher"/>.</summary>
public sealed record StatusChange(
    Guid MessageId, string TraceId, MessageChannel Channel, string State, int Attempts, string? ProviderStatus, string? SubmittedBy,
    DateTimeOffset OccurredAt, bool IsReceipt = false);
