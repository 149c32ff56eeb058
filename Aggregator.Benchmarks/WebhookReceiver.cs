using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Aggregator.Benchmarks;

/// <summary>A webhook endpoint on the loopback (WireMock) that takes every POST at once (204) and counts them.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private const string Path = "/hook";

    // Every request is kept for the count; a phase sends one event per message.
    private readonly WireMockServer server = WireMockServer.Start(new WireMockServerSettings { MaxRequestLogCount = 1_000_000 });

    public WebhookReceiver() =>
        server.Given(Request.Create().WithPath(Path).UsingPost()).RespondWith(Response.Create().WithStatusCode(204));

    public string Url => server.Url + Path;

    public int Received => server.LogEntries.Count();

    public void Dispose() => server.Stop();
}
