using System.Text.Json;
using Aggregator.Contracts;

namespace Aggregator.Logging.Storage;

/// <summary>
/// The properties dashboards count by, lifted out of <see cref="LogEntry.Properties"/> into fields of their own when a
/// line is stored: Kibana cannot aggregate inside Elasticsearch's <c>flattened</c> type, and a column beats a jsonb path.
/// Every state change line names its new state <c>To</c> and its channel <c>Channel</c>; status and webhook lines name
/// their event <c>EventType</c>.
/// </summary>
public sealed record PromotedProperties(string? State, string? Channel, string? Event)
{
    /// <summary>Longer values are no state, channel or event name; they are left in the properties only.</summary>
    public const int MaxLength = 256;

    public static PromotedProperties Of(LogEntry entry) => new(Read(entry, "To"), Read(entry, "Channel"), Read(entry, "EventType"));

    private static string? Read(LogEntry entry, string property)
    {
        var text = entry.Properties?.TryGetValue(property, out var value) != true ? null : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
        return text?.Length <= MaxLength ? text : null;
    }
}
