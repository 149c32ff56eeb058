namespace Aggregator.Logging.Storage;

/// <summary>
/// What a store did with a batch: lines to send again after a pause (Elasticsearch's per-line 429 or 5xx) and lines
/// it refused one by one for good (per-line 4xx); every other line of the batch is stored.
/// </summary>
public sealed record LogWriteResult(IReadOnlyList<ReceivedLogEntry> SendAgain, IReadOnlyList<RefusedLogEntry> Refused)
{
    public static LogWriteResult AllStored { get; } = new([], []);
}
