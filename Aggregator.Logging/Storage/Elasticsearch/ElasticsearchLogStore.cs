using System.Text.Json.Nodes;
using Aggregator.Contracts;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Microsoft.Extensions.Options;

namespace Aggregator.Logging.Storage.Elasticsearch;

/// <summary>
/// Log lines in an Elasticsearch data stream, through the official 9.x client's transport: an index template
/// with explicit mappings (keyword ids, service and level; date timestamp; text message), a lifecycle policy
/// for retention, and <c>_bulk</c> writes that retry only the lines the cluster refused for a passing reason.
/// </summary>
public sealed class ElasticsearchLogStore(ElasticsearchClient client, IOptions<ElasticsearchOptions> options, ILogger<ElasticsearchLogStore> logger) : ILogStore
{
    private string Stream => options.Value.DataStream;

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await SendAsync(Elastic.Transport.HttpMethod.PUT, $"/_ilm/policy/{Stream}-retention", ElasticsearchDocuments.LifecyclePolicy(options.Value.RetentionDays), cancellationToken);
        await SendAsync(Elastic.Transport.HttpMethod.PUT, $"/_index_template/{Stream}", ElasticsearchDocuments.IndexTemplate(Stream), cancellationToken);
    }

    /// <summary>
    /// Sends the lines, then keeps sending only those refused for a passing reason until none is left. Once part
    /// of the batch is stored this never throws, so the writer above never resends (and duplicates) stored lines.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<ReceivedLogEntry> entries, CancellationToken cancellationToken)
    {
        var pending = entries;
        var pause = TimeSpan.FromMilliseconds(200);
        var firstTry = true;
        while (pending.Count > 0)
        {
            JsonNode response;
            try
            {
                response = await SendAsync(Elastic.Transport.HttpMethod.POST, $"/{Stream}/_bulk", ElasticsearchDocuments.Bulk(pending.Select(line => line.Entry)), cancellationToken);
            }
            catch (Exception exception) when (!firstTry && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Elasticsearch unreachable while {Count} log lines wait to be sent again", pending.Count);
                await PauseAsync();
                continue;
            }
            firstTry = false;
            var (retry, rejected) = ElasticsearchDocuments.BulkFailures(response, pending);
            foreach (var (entry, reason) in rejected)
            {
                logger.LogWarning("Elasticsearch refused a log line from {Service} for good: {Reason}", entry.Entry.Service, reason);
            }
            if (retry.Count > 0)
            {
                await PauseAsync();
            }
            pending = retry;
        }

        async Task PauseAsync()
        {
            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    public async Task<IReadOnlyList<LogEntry>> SearchAsync(LogQuery query, CancellationToken cancellationToken)
    {
        var response = await SendAsync(Elastic.Transport.HttpMethod.POST, $"/{Stream}/_search", ElasticsearchDocuments.Search(query), cancellationToken);
        return ElasticsearchDocuments.Hits(response);
    }

    /// <summary>The lifecycle policy deletes whole backing indices, which roll over by ingest time; nothing to do line by line.</summary>
    public Task<long> DeleteReceivedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => Task.FromResult(0L);

    private async Task<JsonNode> SendAsync(Elastic.Transport.HttpMethod method, string path, string body, CancellationToken cancellationToken)
    {
        var response = await client.Transport.RequestAsync<StringResponse>(method, path, PostData.String(body), cancellationToken);
        if (!response.ApiCallDetails.HasSuccessfulStatusCode)
        {
            throw new InvalidOperationException(
                $"Elasticsearch answered {response.ApiCallDetails.HttpStatusCode} to {method} {path}: {response.Body}", response.ApiCallDetails.OriginalException);
        }
        return JsonNode.Parse(response.Body) ?? new JsonObject();
    }
}
