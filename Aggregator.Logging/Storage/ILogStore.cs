using Aggregator.Contracts;

namespace Aggregator.Logging.Storage;

/// <summary>Where log lines live: PostgreSQL by default, Elasticsearch where <c>Elasticsearch:Url</c> is set.</summary>
public interface ILogStore
{
    /// <summary>Creates what the store needs (tables, index templates, lifecycle policies); safe to run again.</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    Task WriteAsync(IReadOnlyList<ReceivedLogEntry> entries, CancellationToken cancellationToken);

    /// <summary>Matching lines in time order.</summary>
    Task<IReadOnlyList<LogEntry>> SearchAsync(LogQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes lines received before <paramref name="cutoff"/>, whatever timestamp their sender gave them.</summary>
    Task<long> DeleteReceivedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
