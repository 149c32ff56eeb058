namespace Aggregator.Delivery.StatusEvents;

/// <summary>
/// Whether anyone listens for <c>MessageStatusChanged</c> (a webhook is registered): while nobody does, no event is
/// published, so a message costs no bus message more than without webhooks.
/// </summary>
public interface IStatusListeners
{
    bool AnyListening { get; }
}
