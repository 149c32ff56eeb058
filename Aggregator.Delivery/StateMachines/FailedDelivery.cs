namespace Aggregator.Delivery.StateMachines;

/// <summary>
/// The last delivery command of a Failed message, kept so that a redrive can send it again.
/// Only failed messages pay for storing their body.
/// </summary>
public sealed class FailedDelivery
{
    public Guid MessageId { get; set; }

    /// <summary>The <c>DeliverMessage</c> command as JSON.</summary>
    public string Command { get; set; } = "";

    public DateTimeOffset FailedAt { get; set; }
}
