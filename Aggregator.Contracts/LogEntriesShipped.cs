namespace Aggregator.Contracts;

/// <summary>A batch of log lines sent over the bus instead of HTTP; stored exactly as if posted.</summary>
public record LogEntriesShipped
{
    /// <summary>The lines, oldest first.</summary>
    public required IReadOnlyList<LogEntry> Entries { get; init; }
}
