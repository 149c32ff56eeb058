namespace Aggregator.Delivery.Scheduling;

/// <summary>A message waiting for its time: the serialized envelope with everything needed to send it again unchanged.</summary>
public sealed class ScheduledMessage
{
    /// <summary>The scheduling token; <c>CancelScheduledMessage</c> names it.</summary>
    public Guid TokenId { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public string Destination { get; set; } = "";

    public string ContentType { get; set; } = "";

    /// <summary>The serialized envelope, encrypted (<see cref="Data.ProtectedText"/>); empty once cancelled.</summary>
    public string Body { get; set; } = "";

    /// <summary>Every header of the scheduling request as JSON, above all <c>MT-Redelivery-Count</c>.</summary>
    public string Headers { get; set; } = "{}";

    public Guid? MessageId { get; set; }

    public Guid? CorrelationId { get; set; }

    public Guid? ConversationId { get; set; }

    public Guid? InitiatorId { get; set; }

    public Guid? RequestId { get; set; }

    public string? SourceAddress { get; set; }

    public string? ResponseAddress { get; set; }

    public string? FaultAddress { get; set; }

    public DateTimeOffset ScheduledAt { get; set; }

    /// <summary>
    /// A cancelled row is kept, empty, until it is due, so that a cancellation that overtakes its
    /// schedule request (they travel separately) still wins; the dispatcher deletes it unsent.
    /// </summary>
    public bool Cancelled { get; set; }
}
