using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aggregator.Logging.Ingestion;

/// <summary>
/// Reads <see cref="Contracts.LogEntry.Properties"/> with names through <see cref="TolerantJson"/>: dictionary keys do not go
/// through a string converter, and System.Text.Json throws on a name holding a lone surrogate escape.
/// </summary>
public sealed class TolerantPropertiesConverter : JsonConverter<IReadOnlyDictionary<string, JsonElement>>
{
    public override IReadOnlyDictionary<string, JsonElement> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("properties must be a JSON object.");
        }
        var properties = new Dictionary<string, JsonElement>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = TolerantJson.String(ref reader);
            reader.Read();
            properties[name] = JsonElement.ParseValue(ref reader);
        }
        return properties;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, JsonElement> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, property) in value)
        {
            writer.WritePropertyName(name);
            property.WriteTo(writer);
        }
        writer.WriteEndObject();
    }
}
