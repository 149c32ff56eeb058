using Aggregator.Contracts;

namespace Aggregator.Logging.Storage;

/// <summary>Where log lines live: PostgreSQL by default, Elasticsearch where <c>Elasticsearch:Url</c> is set.</summary>
public interface ILogStore
{
    /// <summary>Creates what the store needs (tables, index templates, lifecycle policies); safe to run again.</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    Task WriteAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken);

    /// <summary>Matching lines in time order.</summary>
    Task<IReadOnlyList<LogEntry>> SearchAsync(LogQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes lines older than <paramref name="cutoff"/>.</summary>
    Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
