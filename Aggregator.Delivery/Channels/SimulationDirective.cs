using System.Globalization;
using System.Text.Json;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// The contract's <c>simulate</c> metadata: <c>fail-times:N</c>, <c>fail-always</c>, <c>fail-permanent</c>,
/// <c>delay-ms:N</c>, several joined by commas.
/// </summary>
public sealed record SimulationDirective(int FailTimes, bool FailAlways, bool FailPermanent, int? DelayMs)
{
    public const string MetadataKey = "simulate";

    public static readonly SimulationDirective None = new(0, false, false, null);

    public static SimulationDirective From(IReadOnlyDictionary<string, JsonElement>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue(MetadataKey, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return None;
        }
        var directive = None;
        foreach (var part in value.GetString()!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, argument) = part.IndexOf(':') is var colon and >= 0 ? (part[..colon], part[(colon + 1)..]) : (part, "");
            directive = name.ToLowerInvariant() switch
            {
                "fail-times" when TryCount(argument, out var n) => directive with { FailTimes = n },
                "fail-always" => directive with { FailAlways = true },
                "fail-permanent" => directive with { FailPermanent = true },
                "delay-ms" when TryCount(argument, out var ms) => directive with { DelayMs = Math.Min(ms, 60_000) },
                _ => directive,
            };
        }
        return directive;
    }

    private static bool TryCount(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
