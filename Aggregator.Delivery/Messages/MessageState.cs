using Aggregator.Contracts;

namespace Aggregator.Delivery.Messages;

/// <summary>Where one message stands: one row per <c>messageId</c>.</summary>
public sealed class MessageState
{
    public Guid MessageId { get; set; }

    public string TraceId { get; set; } = "";

    public Channel Channel { get; set; }

    /// <summary>Masked: support staff never see the full recipient.</summary>
    public string Recipient { get; set; } = "";

    public string State { get; set; } = MessageStates.Accepted;

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset? FailedAt { get; set; }
}
