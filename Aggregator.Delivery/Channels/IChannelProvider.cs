using Aggregator.Contracts;

namespace Aggregator.Delivery.Channels;

/// <summary>One provider's adapter: hands a message to the outside world. A channel tries its providers in order (<see cref="ProviderChain"/>).</summary>
public interface IChannelProvider
{
    /// <summary>
    /// Sends the message and returns the provider's id for it. Throws <see cref="TransientDeliveryException"/> (with the
    /// provider's Retry-After, if any) or <see cref="PermanentDeliveryException"/> when the provider refuses it.
    /// </summary>
    Task<string> SendAsync(DeliverMessage message, int attempt, CancellationToken cancellationToken);

    /// <summary>Whether the provider later posts receipts for what it took (Twilio, WhatsApp Cloud).</summary>
    bool SendsReceipts => false;
}
