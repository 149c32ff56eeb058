using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aggregator.Logging.Ingestion;

/// <summary>Reads every string of a log entry through <see cref="TolerantJson"/>, so a lone surrogate escape is a character, not a 500.</summary>
public sealed class TolerantStringConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? TolerantJson.String(ref reader) : throw new JsonException($"Expected a string, found {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
