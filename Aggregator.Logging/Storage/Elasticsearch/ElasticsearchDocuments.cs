using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Aggregator.Contracts;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Clients.Elasticsearch.IndexLifecycleManagement;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;
using Elastic.Clients.Elasticsearch.QueryDsl;

namespace Aggregator.Logging.Storage.Elasticsearch;

/// <summary>A dead letter: when the line was received, why it was refused, and the entry as escaped JSON text.</summary>
public sealed record RejectedLogDocument(
    [property: JsonPropertyName(ElasticsearchDocuments.TimestampField)] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("entry")] string Entry);

/// <summary>
/// The requests the store sends, as the typed client's request objects so the compiler checks their shape; pure
/// functions, so what goes over the wire is testable without a cluster.
/// </summary>
public static class ElasticsearchDocuments
{
    public const string TimestampField = "@timestamp";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Keyword fields hold values to filter and count by; <c>ignore_above</c> keeps an odd long value from refusing the line.</summary>
    private static KeywordProperty Keyword() => new() { IgnoreAbove = PromotedProperties.MaxLength };

    public static PutLifecycleRequest LifecyclePolicy(string name, int retentionDays) => new(name)
    {
        Policy = new IlmPolicy
        {
            Phases = new Phases
            {
                Hot = new Phase { Actions = new Actions { Rollover = new RolloverAction { MaxAge = "1d", MaxPrimaryShardSize = "50gb" } } },
                Delete = new Phase { MinAge = $"{retentionDays}d", Actions = new Actions { Delete = new DeleteAction() } },
            },
        },
    };

    /// <summary>
    /// Explicit mappings, nothing dynamic: ids, service, level and the <see cref="PromotedProperties"/> as keywords (what
    /// Kibana aggregates on), the rest of the properties as one <c>flattened</c> field for lookups.
    /// </summary>
    public static PutIndexTemplateRequest IndexTemplate(string stream) => DataStreamTemplate(stream, $"{stream}*", $"{stream}-retention", new Properties
    {
        { TimestampField, new DateProperty() },
        { "level", Keyword() },
        { "service", Keyword() },
        { "traceId", Keyword() },
        { "messageId", Keyword() },
        { "message", new TextProperty() },
        { "messageTemplate", new KeywordProperty() },
        { "exception", new TextProperty() },
        { "properties", new FlattenedProperty() },
        { "state", Keyword() },
        { "channel", Keyword() },
        { "event", Keyword() },
    });

    /// <summary>
    /// The dead letters: <c>@timestamp</c> is when the line was received; the entry is kept as escaped JSON text that is
    /// stored but not indexed, so nothing in it can be refused again. They age out under the same lifecycle policy.
    /// </summary>
    public static PutIndexTemplateRequest RejectedIndexTemplate(string rejectedStream, string stream) => DataStreamTemplate(rejectedStream, rejectedStream, $"{stream}-retention", new Properties
    {
        { TimestampField, new DateProperty() },
        { "error", new TextProperty() },
        { "entry", new TextProperty { Index = false } },
    });

    /// <summary>One <c>_bulk</c> of creates (data streams take only creates), one per entry.</summary>
    public static BulkRequest Bulk(string stream, IEnumerable<LogEntry> entries) => Creates(stream, entries.Select(Document));

    /// <summary>The entry's own fields under the template's names (its timestamp as <c>@timestamp</c>), and the <see cref="PromotedProperties"/>.</summary>
    public static JsonObject Document(LogEntry entry)
    {
        var document = JsonSerializer.SerializeToNode(entry with { Timestamp = entry.Timestamp.ToUniversalTime() }, Json)!.AsObject();
        document[TimestampField] = document["timestamp"]!.DeepClone();
        document.Remove("timestamp");
        var promoted = PromotedProperties.Of(entry);
        document["state"] = promoted.State;
        document["channel"] = promoted.Channel;
        document["event"] = promoted.Event;
        return document;
    }

    /// <summary>One <c>_bulk</c> into the dead-letter stream.</summary>
    public static BulkRequest RejectedBulk(string rejectedStream, IEnumerable<RefusedLogEntry> refused) =>
        Creates(rejectedStream, refused.Select(line => new RejectedLogDocument(line.Line.ReceivedAt.ToUniversalTime(), line.Reason, line.EntryAsEscapedJson())));

    /// <summary>
    /// Reads a <c>_bulk</c> answer (its items in the order of the lines sent): lines refused with 429 or 5xx are worth sending again; any other refusal
    /// (a mapping conflict, say) will never succeed and is set aside instead.
    /// </summary>
    public static (List<T> Retry, List<(T Entry, string Reason)> Rejected) BulkFailures<T>(BulkResponse response, IReadOnlyList<T> sent)
    {
        var retry = new List<T>();
        var rejected = new List<(T, string)>();
        if (!response.Errors)
        {
            return (retry, rejected);
        }
        foreach (var (result, line) in response.Items.Zip(sent))
        {
            if (result.Status is 429 or >= 500)
            {
                retry.Add(line);
            }
            else if (result.Status >= 300)
            {
                rejected.Add((line, $"{result.Status} {result.Error?.Type}: {result.Error?.Reason}"));
            }
        }
        return (retry, rejected);
    }

    public static SearchRequest Search(string stream, LogQuery query)
    {
        var filters = new List<Query>();
        foreach (var (field, value) in new (string Field, string? Value)[]
        {
            ("traceId", query.TraceId), ("messageId", query.MessageId?.ToString()), ("service", query.Service), ("level", query.Level),
            ("state", query.State), ("channel", query.Channel), ("event", query.Event),
        })
        {
            if (value is not null)
            {
                filters.Add(new TermQuery { Field = field, Value = value });
            }
        }
        if (query.From is not null || query.To is not null)
        {
            filters.Add(new DateRangeQuery
            {
                Field = TimestampField,
                Gte = query.From is { } from ? from.UtcDateTime : null,
                Lt = query.To is { } to ? to.UtcDateTime : null,
            });
        }
        return new SearchRequest(stream)
        {
            Size = query.Limit,
            Query = new BoolQuery
            {
                Filter = filters,
                Must = query.Text is { } text ? [new MatchQuery { Field = "message", Query = text }] : null,
            },
            Sort = [new SortOptions { Field = new FieldSort { Field = TimestampField, Order = SortOrder.Asc } }],
        };
    }

    /// <summary>The entries back from their documents; the promoted fields are in their properties already.</summary>
    public static IReadOnlyList<LogEntry> Hits(SearchResponse<JsonObject> response) =>
        response.Hits.Select(hit => hit.Source).OfType<JsonObject>().Select(document =>
        {
            document["timestamp"] = document[TimestampField]?.DeepClone();
            return document.Deserialize<LogEntry>(Json)!;
        }).ToList();

    private static BulkRequest Creates<T>(string stream, IEnumerable<T> documents) => new(stream)
    {
        Operations = [.. documents.Select(document => new BulkCreateOperation<T>(document))],
    };

    private static PutIndexTemplateRequest DataStreamTemplate(string name, string pattern, string lifecyclePolicy, Properties properties) => new(name)
    {
        IndexPatterns = pattern,
        DataStream = new DataStreamVisibility(),
        Priority = 200,
        Template = new IndexTemplateMapping
        {
            Settings = new IndexSettings { Lifecycle = new IndexSettingsLifecycle { Name = lifecyclePolicy } },
            Mappings = new TypeMapping { Dynamic = DynamicMapping.False, Properties = properties },
        },
    };
}
