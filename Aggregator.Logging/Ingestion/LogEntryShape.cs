using System.Text.Json;

namespace Aggregator.Logging.Ingestion;

/// <summary>Checks that a posted JSON value is a log entry of CONTRACT.md's shape.</summary>
public static class LogEntryShape
{
    private static readonly string[] RequiredStrings = ["timestamp", "level", "service", "message"];
    private static readonly string[] OptionalStrings = ["traceId", "messageTemplate", "exception"];

    /// <summary>Returns the problems with one entry; empty when it is well-formed.</summary>
    public static IReadOnlyList<string> Problems(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return ["must be a JSON object."];
        }
        var problems = new List<string>();
        foreach (var field in RequiredStrings)
        {
            if (!entry.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String || TolerantJson.String(value).Length == 0)
            {
                problems.Add($"{field} is required and must be a non-empty string.");
            }
        }
        if (entry.TryGetProperty("timestamp", out var timestamp) && timestamp.ValueKind == JsonValueKind.String && !Holds(() => timestamp.TryGetDateTimeOffset(out _)))
        {
            problems.Add("timestamp must be an ISO 8601 date and time.");
        }
        foreach (var field in OptionalStrings)
        {
            if (entry.TryGetProperty(field, out var value) && value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                problems.Add($"{field} must be a string.");
            }
        }
        if (entry.TryGetProperty("messageId", out var messageId) && messageId.ValueKind != JsonValueKind.Null
            && (messageId.ValueKind != JsonValueKind.String || !Holds(() => messageId.TryGetGuid(out _))))
        {
            problems.Add("messageId must be a UUID.");
        }
        if (entry.TryGetProperty("properties", out var properties) && properties.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            problems.Add("properties must be a JSON object.");
        }
        return problems;
    }

    /// <summary>A lone surrogate escape is no date and no UUID, but System.Text.Json throws on it instead of answering false.</summary>
    private static bool Holds(Func<bool> check)
    {
        try
        {
            return check();
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
