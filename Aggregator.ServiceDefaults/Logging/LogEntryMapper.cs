using System.Globalization;
using System.Text.Json;
using Aggregator.Contracts;
using Serilog.Events;

namespace Aggregator.ServiceDefaults.Logging;

/// <summary>Turns a Serilog event (already redacted) into the <see cref="LogEntry"/> the Logging service stores.</summary>
public static class LogEntryMapper
{
    /// <summary>Properties that become fields of the entry rather than staying among its properties.</summary>
    private static readonly HashSet<string> Promoted = ["service", "traceId", "messageId"];

    public static LogEntry From(LogEvent logEvent)
    {
        var properties = logEvent.Properties
            .Where(p => !Promoted.Contains(p.Key))
            .ToDictionary(p => p.Key, p => ToJson(p.Value));
        return new LogEntry
        {
            Timestamp = logEvent.Timestamp.ToUniversalTime(),
            Level = logEvent.Level.ToString(),
            Service = Text(logEvent, "service") ?? "unknown",
            Message = logEvent.RenderMessage(CultureInfo.InvariantCulture),
            MessageTemplate = logEvent.MessageTemplate.Text,
            TraceId = logEvent.TraceId?.ToHexString() ?? Text(logEvent, "traceId"),
            MessageId = Guid.TryParse(Text(logEvent, "messageId"), out var messageId) ? messageId : null,
            Properties = properties.Count > 0 ? properties : null,
            Exception = logEvent.Exception?.ToString(),
        };
    }

    private static string? Text(LogEvent logEvent, string name) =>
        logEvent.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: { } scalar }
            ? Convert.ToString(scalar, CultureInfo.InvariantCulture)
            : null;

    private static JsonElement ToJson(LogEventPropertyValue value) => JsonSerializer.SerializeToElement(ToPlain(value));

    private static object? ToPlain(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: null } => null,
        ScalarValue { Value: string or bool or int or long or double or decimal or float or short or byte } scalar => scalar.Value,
        ScalarValue scalar => Convert.ToString(scalar.Value, CultureInfo.InvariantCulture),
        SequenceValue sequence => sequence.Elements.Select(ToPlain).ToList(),
        StructureValue structure => structure.Properties.ToDictionary(p => p.Name, p => ToPlain(p.Value)),
        DictionaryValue dictionary => dictionary.Elements.ToDictionary(e => Convert.ToString(e.Key.Value, CultureInfo.InvariantCulture) ?? "", e => ToPlain(e.Value)),
        _ => value.ToString(),
    };
}
