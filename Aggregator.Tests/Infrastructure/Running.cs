namespace Aggregator.Tests.Infrastructure;

/// <summary>One service hosted in the test process together with a client for it; disposing stops both.</summary>
public sealed class Running<THost>(THost host) : IDisposable
    where THost : IServiceUnderTest
{
    public THost Host { get; } = host;

    public HttpClient Client { get; } = host.CreateClient();

    public void Dispose()
    {
        Client.Dispose();
        Host.Dispose();
    }
}

public static class Running
{
    public static Running<RouterHost> Router() => new(new RouterHost());

    public static Running<LoggingHost> Logging() => new(new LoggingHost());
}
