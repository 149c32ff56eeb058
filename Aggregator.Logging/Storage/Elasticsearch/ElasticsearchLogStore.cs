using System.Globalization;
using System.Text.Json.Nodes;
using Aggregator.Contracts;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Microsoft.Extensions.Options;

namespace Aggregator.Logging.Storage.Elasticsearch;

/// <summary>
/// Log lines in an Elasticsearch data stream, through the official 9.x client's transport: an index template
/// with explicit mappings (keyword ids, service and level; date timestamp; text message), a lifecycle policy
/// for retention, and <c>_bulk</c> writes that report line by line what the cluster refused, and for how long.
/// </summary>
public sealed class ElasticsearchLogStore(ElasticsearchClient client, IOptions<ElasticsearchOptions> options) : ILogStore
{
    private string Stream => options.Value.DataStream;

    private string RejectedStream => options.Value.RejectedDataStream;

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await SendAsync(Elastic.Transport.HttpMethod.PUT, $"/_ilm/policy/{Stream}-retention", ElasticsearchDocuments.LifecyclePolicy(options.Value.RetentionDays), cancellationToken);
        await SendAsync(Elastic.Transport.HttpMethod.PUT, $"/_index_template/{Stream}", ElasticsearchDocuments.IndexTemplate(Stream), cancellationToken);
        await SendAsync(Elastic.Transport.HttpMethod.PUT, $"/_index_template/{RejectedStream}",
            ElasticsearchDocuments.RejectedIndexTemplate(RejectedStream, Stream), cancellationToken);
    }

    /// <summary>
    /// Sends the lines in one <c>_bulk</c> request; its answer says line by line what was stored, what to send again
    /// (429, 5xx) and what was refused for good (any other 4xx, such as a mapping conflict).
    /// </summary>
    public async Task<LogWriteResult> WriteAsync(IReadOnlyList<ReceivedLogEntry> entries, CancellationToken cancellationToken)
    {
        var response = await SendAsync(Elastic.Transport.HttpMethod.POST, $"/{Stream}/_bulk", ElasticsearchDocuments.Bulk(entries.Select(line => line.Entry)), cancellationToken);
        var (sendAgain, refused) = ElasticsearchDocuments.BulkFailures(response, entries);
        return new LogWriteResult(sendAgain, refused.Select(r => new RefusedLogEntry(r.Entry, r.Reason)).ToList());
    }

    /// <summary>
    /// Dead letters are rare: when the cluster asks for some of them again, all are sent again (a duplicate dead letter
    /// costs less than the bookkeeping), and when it refuses one the writer drops it and says so in its own log.
    /// </summary>
    public async Task SetAsideAsync(IReadOnlyList<RefusedLogEntry> refused, CancellationToken cancellationToken)
    {
        var response = await SendAsync(Elastic.Transport.HttpMethod.POST, $"/{RejectedStream}/_bulk", ElasticsearchDocuments.RejectedBulk(refused), cancellationToken);
        var (sendAgain, notKept) = ElasticsearchDocuments.BulkFailures(response, refused);
        if (sendAgain.Count > 0)
        {
            throw new LogStoreUnavailableException($"Elasticsearch asked for {sendAgain.Count} dead letters again.");
        }
        if (notKept.Count > 0)
        {
            throw new InvalidOperationException($"Elasticsearch refused {notKept.Count} dead letters: {notKept[0].Reason}");
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
        var details = response.ApiCallDetails;
        if (details.HasSuccessfulStatusCode)
        {
            return JsonNode.Parse(response.Body) ?? new JsonObject();
        }
        var answer = $"Elasticsearch answered {details.HttpStatusCode?.ToString(CultureInfo.InvariantCulture) ?? "nothing"} to {method} {path}: {response.Body}";
        if (details.HttpStatusCode is null or 429 or >= 500)
        {
            throw new LogStoreUnavailableException(answer, details.OriginalException);
        }
        // The cluster refused the request itself (a 400 or a 413 for the whole bulk): the writer splits the batch.
        throw new InvalidOperationException(answer, details.OriginalException);
    }
}
