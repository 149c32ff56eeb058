using System.Text.Json;

namespace Aggregator.Logging.Storage;

/// <summary>A line the store refused for good, and why: it is set aside as a dead letter instead of being sent again.</summary>
public sealed record RefusedLogEntry(ReceivedLogEntry Line, string Reason)
{
    // The default encoder escapes everything outside printable ASCII, so the text keeps whatever the line held.
    private static readonly JsonSerializerOptions EscapedJson = new(JsonSerializerDefaults.Web);

    /// <summary>The entry as JSON text with every unusual character escaped: plain text any store can hold, not a JSON column that could refuse it again.</summary>
    public string EntryAsEscapedJson() => JsonSerializer.Serialize(Line.Entry, EscapedJson);
}
