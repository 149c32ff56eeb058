namespace Aggregator.Delivery.Channels;

/// <summary>The provider could not take the message now; a later attempt, or the next provider, may succeed.</summary>
public sealed class TransientDeliveryException(string message, TimeSpan? retryAfter = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>How long the provider asked us to wait (its <c>Retry-After</c>); the next attempt starts no earlier.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The provider refused the message for good; retrying cannot help.</summary>
public sealed class PermanentDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
