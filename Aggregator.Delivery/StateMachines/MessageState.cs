using Aggregator.Contracts;
using MassTransit;

namespace Aggregator.Delivery.StateMachines;

/// <summary>Where one message stands: the saga instance, one row per <c>messageId</c>.</summary>
public sealed class MessageState : SagaStateMachineInstance
{
    /// <summary>The message id.</summary>
    public Guid CorrelationId { get; set; }

    /// <summary>The name of the state: Scheduled, Accepted, Processing, Retrying, Delivered, Failed, Expired or Cancelled.</summary>
    public string CurrentState { get; set; } = "";

    public string TraceId { get; set; } = "";

    public MessageChannel Channel { get; set; }

    /// <summary>Masked: support staff never see the full recipient.</summary>
    public string Recipient { get; set; } = "";

    /// <summary>The API key that submitted the message; a <c>submit</c> key reads only its own. Null before access control.</summary>
    public string? SubmittedBy { get; set; }

    /// <summary>Normal, or High: its commands and events travel the high lanes.</summary>
    public MessagePriority Priority { get; set; }

    /// <summary>When the first attempt may start, as the client asked; null = at once.</summary>
    public DateTimeOffset? SendAt { get; set; }

    /// <summary>No attempt starts after this; a message that would need one is Expired.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The first attempt of the current cycle: 1, or the one after the last attempt before a redrive.</summary>
    public int FirstAttempt { get; set; } = 1;

    /// <summary>The highest attempt number started or finished.</summary>
    public int Attempts { get; set; }

    /// <summary>The highest attempt number whose outcome is known; an older attempt's late start event cannot move the saga back.</summary>
    public int FinishedAttempts { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset? FailedAt { get; set; }

    /// <summary>When the next attempt is due: a retry's slot, or <see cref="SendAt"/> while Scheduled.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Until when the attempt in progress belongs to the consumer that began it; another copy of its command waits.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>The latest receipt from the provider that took the message (sent, delivered, read, undelivered, failed); never moves backwards.</summary>
    public string? ProviderStatus { get; set; }

    /// <summary>Since when the sweeper has found this message stuck and had nothing to send it on with.</summary>
    public DateTimeOffset? StuckSince { get; set; }
}
