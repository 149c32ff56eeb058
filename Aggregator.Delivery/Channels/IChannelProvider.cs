using Aggregator.Contracts;

namespace Aggregator.Delivery.Channels;

/// <summary>Hands a message to the outside world for one channel.</summary>
public interface IChannelProvider
{
    /// <summary>
    /// Sends the message and returns the provider's id for it. Throws <see cref="TransientDeliveryException"/>
    /// or <see cref="PermanentDeliveryException"/> when the provider refuses it.
    /// </summary>
    Task<string> SendAsync(DeliverMessage message, int attempt, CancellationToken cancellationToken);
}
