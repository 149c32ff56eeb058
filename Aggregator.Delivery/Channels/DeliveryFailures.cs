namespace Aggregator.Delivery.Channels;

/// <summary>The provider could not take the message now; a later attempt may succeed.</summary>
public sealed class TransientDeliveryException(string message) : Exception(message);

/// <summary>The provider refused the message for good; retrying cannot help.</summary>
public sealed class PermanentDeliveryException(string message) : Exception(message);
