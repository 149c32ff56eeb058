using Aggregator.ServiceDefaults.Text;
using System.Buffers;
using System.Text.Json;
using Aggregator.Contracts;

namespace Aggregator.Logging.Ingestion;

/// <summary>
/// Makes an entry storable whatever it holds: every text, property name and string property value through
/// <see cref="StorableText"/> within its cap, and the properties within <see cref="PropertiesCap"/> characters
/// of JSON. Both ingestion paths go through it, so a line is stored the same whether posted or sent over the bus.
/// </summary>
public static class LogEntrySanitizer
{
    public const int MessageCap = 32 * 1024;
    public const int MessageTemplateCap = 4 * 1024;
    public const int ExceptionCap = 64 * 1024;
    public const int ServiceCap = 100;
    public const int LevelCap = 32;
    public const int TraceIdCap = 64;

    /// <summary>Characters of the properties' JSON; the properties that would go past it are left out and counted under <see cref="TruncatedProperty"/>.</summary>
    public const int PropertiesCap = 16 * 1024;

    public const string TruncatedProperty = "_truncated";

    /// <summary>Room kept for the <see cref="TruncatedProperty"/> marker itself.</summary>
    private const int MarkerRoom = 64;

    public static LogEntry Sanitize(LogEntry entry) => entry with
    {
        Level = StorableText.Clean(entry.Level, LevelCap, LogText.Marker),
        Service = StorableText.Clean(entry.Service, ServiceCap, LogText.Marker),
        Message = StorableText.Clean(entry.Message, MessageCap, LogText.Marker),
        MessageTemplate = entry.MessageTemplate is null ? null : StorableText.Clean(entry.MessageTemplate, MessageTemplateCap, LogText.Marker),
        TraceId = entry.TraceId is null ? null : StorableText.Clean(entry.TraceId, TraceIdCap, LogText.Marker),
        Exception = entry.Exception is null ? null : StorableText.Clean(entry.Exception, ExceptionCap, LogText.Marker),
        Properties = entry.Properties is null ? null : Properties(entry.Properties),
    };

    private static Dictionary<string, JsonElement> Properties(IReadOnlyDictionary<string, JsonElement> properties)
    {
        var kept = new Dictionary<string, JsonElement>(properties.Count);
        var size = 2;
        var leftOut = 0;
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var (name, value) in properties)
        {
            var key = StorableText.Clean(name, PropertiesCap, LogText.Marker);
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WritePropertyName(key);
                Write(writer, value);
                writer.WriteEndObject();
            }
            // The default encoder escapes everything outside ASCII, so bytes are characters; "{...}" becomes "...,".
            var length = buffer.WrittenCount - 1;
            if (size + length > PropertiesCap - MarkerRoom)
            {
                leftOut++;
                continue;
            }
            size += length;
            kept[key] = JsonElement.Parse(buffer.WrittenSpan).GetProperty(key);
        }
        if (leftOut > 0)
        {
            kept[TruncatedProperty] = JsonSerializer.SerializeToElement($"{leftOut} properties left out{LogText.Marker}");
        }
        return kept;
    }

    private static void Write(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    writer.WritePropertyName(StorableText.Clean(TolerantJson.PropertyName(property), PropertiesCap, LogText.Marker));
                    Write(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(StorableText.Clean(TolerantJson.String(value), PropertiesCap, LogText.Marker));
                break;
            case JsonValueKind.Undefined:
                writer.WriteNullValue();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
