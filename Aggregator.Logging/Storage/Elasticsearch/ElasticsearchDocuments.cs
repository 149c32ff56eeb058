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

    public static string IndexTemplate(string stream) => new JsonObject
    {
        ["index_patterns"] = new JsonArray($"{stream}*"),
        ["data_stream"] = new JsonObject(),
        ["priority"] = 200,
        ["template"] = new JsonObject
        {
            ["settings"] = new JsonObject { ["index.lifecycle.name"] = $"{stream}-retention" },
            ["mappings"] = new JsonObject
            {
                ["dynamic"] = false,
                ["properties"] = new JsonObject
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
                },
            },
        },
    }.ToJsonString();

    /// <summary>NDJSON for <c>_bulk</c>: a <c>create</c> line (data streams take only creates) and the document, per entry.</summary>
    public static string Bulk(IEnumerable<LogEntry> entries)
    {
        var body = new StringBuilder();
        foreach (var entry in entries)
        {
            body.Append("{\"create\":{}}\n").Append(Document(entry).ToJsonString()).Append('\n');
        }
        return body.ToString();
    }

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

    private static JsonObject Field(string type) => new() { ["type"] = type };
}
