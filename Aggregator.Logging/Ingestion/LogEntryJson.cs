using System.Text.Json;

namespace Aggregator.Logging.Ingestion;

/// <summary>How log entries are read from a POST body and from the bus alike.</summary>
public static class LogEntryJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Camel-case names as every sender writes them, and the tolerant readers; changes <paramref name="options"/> in place.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNameCaseInsensitive = true;
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new TolerantStringConverter());
        options.Converters.Add(new TolerantPropertiesConverter());
        return options;
    }
}
