using System.Net;
using Polly.Timeout;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// How an HTTP provider's failure counts: 408, 429 and 5xx, a connection that fails and a call that times out are
/// transient; every other 4xx is permanent. A transient answer's <c>Retry-After</c> travels with it.
/// </summary>
public static class HttpFailures
{
    public static bool IsTransient(HttpStatusCode status) => (int)status is 408 or 429 or >= 500;

    public static Exception FromResponse(HttpResponseMessage response, string detail, bool transient, TimeProvider clock)
    {
        var text = $"HTTP {(int)response.StatusCode}: {detail}";
        return transient
            ? new TransientDeliveryException(text, RetryAfter(response, clock))
            : new PermanentDeliveryException(text);
    }

    /// <summary>Connection failures and our own per-call timeout; everything else is not the provider's answer.</summary>
    public static Exception? Classify(Exception exception, string provider) => exception switch
    {
        HttpRequestException => new TransientDeliveryException($"{provider} could not be reached: {exception.Message}", inner: exception),
        TimeoutRejectedException => new TransientDeliveryException($"{provider} did not answer in time: {exception.Message}", inner: exception),
        _ => null,
    };

    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider clock) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
