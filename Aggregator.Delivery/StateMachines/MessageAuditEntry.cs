namespace Aggregator.Delivery.StateMachines;

/// <summary>One action a person or client took on a message (a redrive, a cancel): who, when, and from which state.</summary>
public sealed class MessageAuditEntry
{
    public long Id { get; set; }

    public Guid MessageId { get; set; }

    /// <summary><c>redrive</c> or <c>cancel</c>.</summary>
    public string Action { get; set; } = "";

    /// <summary>The API key's name ("anonymous" while no key is configured).</summary>
    public string By { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public string FromState { get; set; } = "";
}
