using System.Text.Json;

namespace Aggregator.Contracts;

/// <summary>One structured log line of one service, as shipped to the Logging service (HTTP or bus).</summary>
public record LogEntry
{
    /// <summary>When it was logged (UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Serilog level name: Verbose, Debug, Information, Warning, Error, Fatal.</summary>
    public required string Level { get; init; }

    /// <summary>The short name of the service that logged it: router, delivery, logging.</summary>
    public required string Service { get; init; }

    /// <summary>The rendered message.</summary>
    public required string Message { get; init; }

    /// <summary>The message template, when the logger used one.</summary>
    public string? MessageTemplate { get; init; }

    /// <summary>W3C trace id (32 lowercase hex), when the line belongs to a trace.</summary>
    public string? TraceId { get; init; }

    /// <summary>The message it is about, when there is one.</summary>
    public Guid? MessageId { get; init; }

    /// <summary>The remaining structured properties.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Properties { get; init; }

    /// <summary>The exception, rendered, when there was one.</summary>
    public string? Exception { get; init; }
}
