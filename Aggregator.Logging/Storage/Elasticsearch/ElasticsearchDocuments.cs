using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aggregator.Contracts;

namespace Aggregator.Logging.Storage.Elasticsearch;

/// <summary>The JSON that goes to and comes from Elasticsearch; pure functions, so the wire format is testable without a cluster.</summary>
public static class ElasticsearchDocuments
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string LifecyclePolicy(int retentionDays) => new JsonObject
    {
        ["policy"] = new JsonObject
        {
            ["phases"] = new JsonObject
            {
                ["hot"] = new JsonObject
                {
                    ["actions"] = new JsonObject
                    {
                        ["rollover"] = new JsonObject { ["max_age"] = "1d", ["max_primary_shard_size"] = "50gb" },
                    },
                },
                ["delete"] = new JsonObject
                {
                    ["min_age"] = $"{retentionDays}d",
                    ["actions"] = new JsonObject { ["delete"] = new JsonObject() },
                },
            },
        },
    }.ToJsonString();

    public static string IndexTemplate(string stream) => DataStreamTemplate($"{stream}*", $"{stream}-retention", new JsonObject
    {
        ["@timestamp"] = Field("date"),
        ["level"] = Field("keyword"),
        ["service"] = Field("keyword"),
        ["traceId"] = Field("keyword"),
        ["messageId"] = Field("keyword"),
        ["message"] = Field("text"),
        ["messageTemplate"] = Field("keyword"),
        ["exception"] = Field("text"),
        ["properties"] = new JsonObject { ["type"] = "flattened" },
    });

    /// <summary>
    /// The dead letters: <c>@timestamp</c> is when the line was received; the entry is kept as escaped JSON text that is
    /// stored but not indexed, so nothing in it can be refused again. They age out under the same lifecycle policy.
    /// </summary>
    public static string RejectedIndexTemplate(string rejectedStream, string stream) => DataStreamTemplate(rejectedStream, $"{stream}-retention", new JsonObject
    {
        ["@timestamp"] = Field("date"),
        ["error"] = Field("text"),
        ["entry"] = new JsonObject { ["type"] = "text", ["index"] = false },
    });

    /// <summary>NDJSON for <c>_bulk</c>: a <c>create</c> line (data streams take only creates) and the document, per entry.</summary>
    public static string Bulk(IEnumerable<LogEntry> entries) => Creates(entries.Select(Document));

    /// <summary>NDJSON for <c>_bulk</c> into the dead-letter stream.</summary>
    public static string RejectedBulk(IEnumerable<RefusedLogEntry> refused) => Creates(refused.Select(line => new JsonObject
    {
        ["@timestamp"] = line.Line.ReceivedAt.ToUniversalTime().ToString("O"),
        ["error"] = line.Reason,
        ["entry"] = line.EntryAsEscapedJson(),
    }));

    public static JsonObject Document(LogEntry entry) => new()
    {
        ["@timestamp"] = entry.Timestamp.ToUniversalTime().ToString("O"),
        ["level"] = entry.Level,
        ["service"] = entry.Service,
        ["message"] = entry.Message,
        ["messageTemplate"] = entry.MessageTemplate,
        ["traceId"] = entry.TraceId,
        ["messageId"] = entry.MessageId?.ToString(),
        ["properties"] = entry.Properties is null ? null : JsonSerializer.SerializeToNode(entry.Properties, Json),
        ["exception"] = entry.Exception,
    };

    /// <summary>
    /// Reads a <c>_bulk</c> answer: lines refused with 429 or 5xx are worth sending again; any other refusal
    /// (a mapping conflict, say) will never succeed and is set aside instead.
    /// </summary>
    public static (List<T> Retry, List<(T Entry, string Reason)> Rejected) BulkFailures<T>(JsonNode response, IReadOnlyList<T> sent)
    {
        var retry = new List<T>();
        var rejected = new List<(T, string)>();
        if (response["errors"]?.GetValue<bool>() != true || response["items"] is not JsonArray items)
        {
            return (retry, rejected);
        }
        for (var i = 0; i < items.Count && i < sent.Count; i++)
        {
            var result = items[i]?["create"];
            var status = result?["status"]?.GetValue<int>() ?? 200;
            if (status is 429 or >= 500)
            {
                retry.Add(sent[i]);
            }
            else if (status >= 300)
            {
                rejected.Add((sent[i], $"{status} {result?["error"]?["type"]?.GetValue<string>()}: {result?["error"]?["reason"]?.GetValue<string>()}"));
            }
        }
        return (retry, rejected);
    }

    public static string Search(LogQuery query)
    {
        var filters = new JsonArray();
        void Term(string field, string? value)
        {
            if (value is not null)
            {
                filters.Add(new JsonObject { ["term"] = new JsonObject { [field] = value } });
            }
        }
        Term("traceId", query.TraceId);
        Term("messageId", query.MessageId?.ToString());
        Term("service", query.Service);
        Term("level", query.Level);
        if (query.From is not null || query.To is not null)
        {
            var range = new JsonObject();
            if (query.From is { } from)
            {
                range["gte"] = from.ToUniversalTime().ToString("O");
            }
            if (query.To is { } to)
            {
                range["lt"] = to.ToUniversalTime().ToString("O");
            }
            filters.Add(new JsonObject { ["range"] = new JsonObject { ["@timestamp"] = range } });
        }
        var boolQuery = new JsonObject { ["filter"] = filters };
        if (query.Text is { } text)
        {
            boolQuery["must"] = new JsonArray(new JsonObject { ["match"] = new JsonObject { ["message"] = text } });
        }
        return new JsonObject
        {
            ["size"] = query.Limit,
            ["query"] = new JsonObject { ["bool"] = boolQuery },
            ["sort"] = new JsonArray(new JsonObject { ["@timestamp"] = "asc" }),
        }.ToJsonString();
    }

    public static IReadOnlyList<LogEntry> Hits(JsonNode response) =>
        (response["hits"]?["hits"] as JsonArray ?? [])
            .Select(hit => hit?["_source"])
            .Where(source => source is not null)
            .Select(source => new LogEntry
            {
                Timestamp = DateTimeOffset.Parse(source!["@timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                Level = source["level"]?.GetValue<string>() ?? "",
                Service = source["service"]?.GetValue<string>() ?? "",
                Message = source["message"]?.GetValue<string>() ?? "",
                MessageTemplate = source["messageTemplate"]?.GetValue<string>(),
                TraceId = source["traceId"]?.GetValue<string>(),
                MessageId = Guid.TryParse(source["messageId"]?.GetValue<string>(), out var id) ? id : null,
                Properties = source["properties"] is JsonObject properties ? properties.Deserialize<Dictionary<string, JsonElement>>(Json) : null,
                Exception = source["exception"]?.GetValue<string>(),
            })
            .ToList();

    private static string Creates(IEnumerable<JsonObject> documents)
    {
        var body = new StringBuilder();
        foreach (var document in documents)
        {
            body.Append("{\"create\":{}}\n").Append(document.ToJsonString()).Append('\n');
        }
        return body.ToString();
    }

    private static string DataStreamTemplate(string pattern, string lifecyclePolicy, JsonObject properties) => new JsonObject
    {
        ["index_patterns"] = new JsonArray(pattern),
        ["data_stream"] = new JsonObject(),
        ["priority"] = 200,
        ["template"] = new JsonObject
        {
            ["settings"] = new JsonObject { ["index.lifecycle.name"] = lifecyclePolicy },
            ["mappings"] = new JsonObject { ["dynamic"] = false, ["properties"] = properties },
        },
    }.ToJsonString();

    private static JsonObject Field(string type) => new() { ["type"] = type };
}
