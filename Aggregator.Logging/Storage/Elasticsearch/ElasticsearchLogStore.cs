using System.Globalization;
using System.Text.Json.Nodes;
using Aggregator.Contracts;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport.Products.Elasticsearch;
using Microsoft.Extensions.Options;

namespace Aggregator.Logging.Storage.Elasticsearch;

/// <summary>
/// Log lines in an Elasticsearch data stream, through the official 9.x client's typed API: an index template
/// with explicit mappings (keyword ids, service, level and promoted properties; date timestamp; text message), a
/// lifecycle policy for retention, and <c>_bulk</c> writes that report line by line what the cluster refused, and for how long.
/// </summary>
public sealed class ElasticsearchLogStore(ElasticsearchClient client, IOptions<ElasticsearchOptions> options) : ILogStore
{
    private string Stream => options.Value.DataStream;

    private string RejectedStream => options.Value.RejectedDataStream;

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        Check(await client.IndexLifecycleManagement.PutLifecycleAsync(
            ElasticsearchDocuments.LifecyclePolicy($"{Stream}-retention", options.Value.RetentionDays), cancellationToken));
        Check(await client.Indices.PutIndexTemplateAsync(ElasticsearchDocuments.IndexTemplate(Stream), cancellationToken));
        Check(await client.Indices.PutIndexTemplateAsync(ElasticsearchDocuments.RejectedIndexTemplate(RejectedStream, Stream), cancellationToken));
    }

    /// <summary>
    /// Sends the lines in one <c>_bulk</c> request; its answer says line by line what was stored, what to send again
    /// (429, 5xx) and what was refused for good (any other 4xx, such as a mapping conflict).
    /// </summary>
    public async Task<LogWriteResult> WriteAsync(IReadOnlyList<ReceivedLogEntry> entries, CancellationToken cancellationToken)
    {
        var response = Check(await client.BulkAsync(ElasticsearchDocuments.Bulk(Stream, entries.Select(line => line.Entry)), cancellationToken));
        var (sendAgain, refused) = ElasticsearchDocuments.BulkFailures(response, entries);
        return new LogWriteResult(sendAgain, refused.Select(r => new RefusedLogEntry(r.Entry, r.Reason)).ToList());
    }

    /// <summary>
    /// Dead letters are rare: when the cluster asks for some of them again, all are sent again (a duplicate dead letter
    /// costs less than the bookkeeping), and when it refuses one the writer drops it and says so in its own log.
    /// </summary>
    public async Task SetAsideAsync(IReadOnlyList<RefusedLogEntry> refused, CancellationToken cancellationToken)
    {
        var response = Check(await client.BulkAsync(ElasticsearchDocuments.RejectedBulk(RejectedStream, refused), cancellationToken));
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

    public async Task<IReadOnlyList<LogEntry>> SearchAsync(LogQuery query, CancellationToken cancellationToken) =>
        ElasticsearchDocuments.Hits(Check(await client.SearchAsync<JsonObject>(ElasticsearchDocuments.Search(Stream, query), cancellationToken)));

    /// <summary>The lifecycle policy deletes whole backing indices, which roll over by ingest time; nothing to do line by line.</summary>
    public Task<long> DeleteReceivedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => Task.FromResult(0L);

    /// <summary>
    /// The status, not <c>IsValidResponse</c>, decides: a <c>_bulk</c> with refused lines is a 200 the client calls
    /// invalid, and those lines are read one by one.
    /// </summary>
    private static T Check<T>(T response) where T : ElasticsearchResponse
    {
        var details = response.ApiCallDetails;
        if (details.HasSuccessfulStatusCode)
        {
            return response;
        }
        var answer = $"Elasticsearch answered {details.HttpStatusCode?.ToString(CultureInfo.InvariantCulture) ?? "nothing"} to {details.HttpMethod} {details.Uri?.AbsolutePath}: {response.ElasticsearchServerError?.Error?.Reason ?? details.OriginalException?.Message}";
        if (details.HttpStatusCode is null or 429 or >= 500)
        {
            throw new LogStoreUnavailableException(answer, details.OriginalException);
        }
        // The cluster refused the request itself (a 400 or a 413 for the whole bulk): the writer splits the batch.
        throw new InvalidOperationException(answer, details.OriginalException);
    }
}
