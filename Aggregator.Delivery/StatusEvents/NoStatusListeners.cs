namespace Aggregator.Delivery.StatusEvents;

/// <summary>The default until webhooks register their own: nobody listens, nothing is published.</summary>
public sealed class NoStatusListeners : IStatusListeners
{
    public bool AnyListening => false;
}
