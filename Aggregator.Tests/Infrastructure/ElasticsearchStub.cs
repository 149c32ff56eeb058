using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// A local HTTP stand-in for Elasticsearch that records every request and answers from a script, so the
/// store's wire format can be checked where no cluster can run.
/// </summary>
public sealed class ElasticsearchStub : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Method, string Path, string Body)> requests = new();
    private WebApplication app = null!;

    public IReadOnlyCollection<(string Method, string Path, string Body)> Requests => requests;

    public Uri Address => LocalHttpServer.Address(app);

    /// <summary>Starts the stub; <paramref name="answer"/> gives the JSON body for each request (method, path, how many came before on that path).</summary>
    public static Task<ElasticsearchStub> StartAsync(Func<string, string, int, string> answer) =>
        StartAsync((method, path, before) => (StatusCodes.Status200OK, answer(method, path, before)));

    /// <summary>Starts the stub; <paramref name="answer"/> gives the status and JSON body for each request (method, path, how many came before on that path).</summary>
    public static async Task<ElasticsearchStub> StartAsync(Func<string, string, int, (int Status, string Body)> answer)
    {
        var stub = new ElasticsearchStub();
        stub.app = await LocalHttpServer.StartAsync(app => app.Run(async http =>
        {
            // The client compresses request bodies, as it would for a real cluster.
            var requestBody = http.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
                ? new System.IO.Compression.GZipStream(http.Request.Body, System.IO.Compression.CompressionMode.Decompress)
                : http.Request.Body;
            using var reader = new StreamReader(requestBody);
            var body = await reader.ReadToEndAsync();
            var path = http.Request.Path.Value ?? "";
            var before = stub.requests.Count(r => r.Path == path);
            stub.requests.Enqueue((http.Request.Method, path, body));
            // The official client refuses to talk to anything that does not say it is Elasticsearch.
            http.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
            http.Response.ContentType = "application/json";
            var (status, answerBody) = answer(http.Request.Method, path, before);
            http.Response.StatusCode = status;
            await http.Response.WriteAsync(answerBody);
        }));
        return stub;
    }

    /// <summary>
    /// A <c>_bulk</c> answer with one item per status, as a cluster gives it: 2xx stored, 429 too busy now, 400 a
    /// document it will never take (the error a mapping conflict gives).
    /// </summary>
    public static string BulkAnswer(params int[] statuses) => new JsonObject
    {
        ["errors"] = statuses.Any(status => status >= 300),
        ["items"] = new JsonArray(statuses.Select(status => (JsonNode)new JsonObject
        {
            ["create"] = status < 300
                ? new JsonObject { ["status"] = status }
                : new JsonObject
                {
                    ["status"] = status,
                    ["error"] = status == 429
                        ? new JsonObject { ["type"] = "es_rejected_execution_exception", ["reason"] = "rejected execution: queue capacity reached" }
                        : new JsonObject { ["type"] = "mapper_parsing_exception", ["reason"] = "failed to parse field [properties] of type [flattened]" },
                },
        }).ToArray()),
    }.ToJsonString();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
