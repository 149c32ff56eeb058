namespace Aggregator.ServiceDefaults.Logging;

/// <summary>
/// The HTTP handler the log shipper sends through. It is not from IHttpClientFactory on purpose: that factory
/// logs through the logger being built (a cycle), and its logging handlers would ship lines about shipping.
/// Tests replace it to reach an in-process Logging service.
/// </summary>
public sealed class LogShippingTransport(HttpMessageHandler handler)
{
    public HttpMessageHandler Handler { get; } = handler;

    public static LogShippingTransport Default() => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
}
