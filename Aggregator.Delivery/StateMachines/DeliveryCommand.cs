namespace Aggregator.Delivery.StateMachines;

/// <summary>
/// The <c>DeliverMessage</c> command of a message that is not delivered yet: kept from its acceptance until it is
/// delivered, so that a lost command can be sent again (the stuck-message sweeper) and a failed message redriven.
/// </summary>
public sealed class DeliveryCommand
{
    public Guid MessageId { get; set; }

    /// <summary>
    /// As JSON, encrypted (<see cref="Data.ProtectedText"/>); plain JSON when kept before encryption existed. Text, not
    /// jsonb: any string the contract allows must fit.
    /// </summary>
    public string Command { get; set; } = "";

    public DateTimeOffset KeptAt { get; set; }
}
