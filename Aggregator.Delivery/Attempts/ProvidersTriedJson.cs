using System.Text.Json;
using Aggregator.Delivery.Channels;

namespace Aggregator.Delivery.Attempts;

/// <summary>An attempt's providers as stored in its <c>providers_tried</c> jsonb column.</summary>
public static class ProvidersTriedJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string? Write(List<ProviderTry>? tries) => tries is null ? null : JsonSerializer.Serialize(tries, Options);

    public static List<ProviderTry>? Read(string? json) => json is null ? null : JsonSerializer.Deserialize<List<ProviderTry>>(json, Options);
}
