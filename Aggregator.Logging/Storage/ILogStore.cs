using Aggregator.Contracts;

namespace Aggregator.Logging.Storage;

/// <summary>Where log lines live: PostgreSQL by default, Elasticsearch where <c>Elasticsearch:Url</c> is set.</summary>
public interface ILogStore
{
    /// <summary>Creates what the store needs (tables, index templates, lifecycle policies); safe to run again.</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores the lines. Throws <see cref="LogStoreUnavailableException"/> when the store cannot take anything now;
    /// any other exception means the store refused the batch as a whole because of some line in it.
    /// </summary>
    Task<LogWriteResult> WriteAsync(IReadOnlyList<ReceivedLogEntry> entries, CancellationToken cancellationToken);

    /// <summary>Keeps refused lines as dead letters for a person to look at; throws as <see cref="WriteAsync"/> does.</summary>
    Task SetAsideAsync(IReadOnlyList<RefusedLogEntry> refused, CancellationToken cancellationToken);

    /// <summary>Matching lines in time order.</summary>
    Task<IReadOnlyList<LogEntry>> SearchAsync(LogQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes lines (dead letters too) received before <paramref name="cutoff"/>, whatever timestamp their sender gave them.</summary>
    Task<long> DeleteReceivedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
