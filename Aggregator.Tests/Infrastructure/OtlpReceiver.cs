using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// A local OTLP/HTTP collector (the protocol Jaeger, Tempo and the OpenTelemetry Collector take): it keeps every
/// protobuf body posted to it, by path, and answers 200 as a collector does.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Path, byte[] Body)> posts = new();
    private WebApplication app = null!;

    public IReadOnlyCollection<(string Path, byte[] Body)> Posts => posts;

    public Uri Address => LocalHttpServer.Address(app);

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        receiver.app = await LocalHttpServer.StartAsync(app => app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            receiver.posts.Enqueue((http.Request.Path.Value ?? "", body.ToArray()));
            return Results.Ok();
        }));
        return receiver;
    }

    /// <summary>The bodies posted to <paramref name="path"/> that hold <paramref name="bytes"/> (a trace id, a name).</summary>
    public IReadOnlyList<byte[]> Holding(string path, ReadOnlySpan<byte> bytes)
    {
        var found = new List<byte[]>();
        foreach (var (postedTo, body) in posts)
        {
            if (postedTo == path && body.AsSpan().IndexOf(bytes) >= 0)
            {
                found.Add(body);
            }
        }
        return found;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
