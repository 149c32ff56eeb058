namespace Aggregator.Tests.Infrastructure;

/// <summary>One service hosted in the test process together with a client for it; disposing stops both.</summary>
public sealed class Running<TEntryPoint>(ServiceFactory<TEntryPoint> factory) : IDisposable
    where TEntryPoint : class
{
    public ServiceFactory<TEntryPoint> Factory { get; } = factory;

    public HttpClient Client { get; } = factory.CreateClient();

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }
}

public static class Running
{
    public static Running<Router.Extensions.RouterOptions> Router() => new(Services.Router());

    public static Running<Logging.Apis.LogsAccepted> Logging() => new(Services.Logging());
}
