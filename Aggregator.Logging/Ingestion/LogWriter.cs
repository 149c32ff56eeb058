using Aggregator.ServiceDefaults.Text;
using Aggregator.Logging.Storage;
using Microsoft.Extensions.Options;

namespace Aggregator.Logging.Ingestion;

/// <summary>
/// Drains the ingest queue into the store in batches. While the store is unavailable the batch waits, with pauses
/// growing to <c>LogStore:RetryPauseLimit</c>, and new lines wait in the bounded queue (once it is full, POSTs get 503).
/// A batch the store refuses is split in halves until each refused line is alone; those are set aside as dead
/// letters and counted, never sent again, and the rest of the batch is stored.
/// </summary>
public sealed class LogWriter(
    LogIngestQueue queue,
    ILogStore store,
    LogStoreAvailability availability,
    LogStoreMetrics metrics,
    IOptions<LogStoreOptions> options,
    ILogger<LogWriter> logger) : BackgroundService
{
    private const int ReasonCap = 4096;

    private readonly RetryPause pause = new(options.Value.RetryPauseLimit);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<ReceivedLogEntry>(options.Value.BatchSize);
        while (await queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < options.Value.BatchSize && queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }
            await StoreAsync(batch, stoppingToken);
            queue.Taken(batch.Count);
            batch.Clear();
        }
    }

    private async Task StoreAsync(IReadOnlyList<ReceivedLogEntry> batch, CancellationToken stoppingToken)
    {
        var parts = new Stack<IReadOnlyList<ReceivedLogEntry>>();
        parts.Push(batch);
        while (parts.TryPop(out var part))
        {
            LogWriteResult result;
            try
            {
                result = await UntilAvailableAsync(() => store.WriteAsync(part, stoppingToken), stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                if (part.Count == 1)
                {
                    await SetAsideAsync([new RefusedLogEntry(part[0], exception.Message)], stoppingToken);
                }
                else
                {
                    parts.Push(part.Skip(part.Count / 2).ToList());
                    parts.Push(part.Take(part.Count / 2).ToList());
                }
                continue;
            }
            if (result.Refused.Count > 0)
            {
                await SetAsideAsync(result.Refused, stoppingToken);
            }
            if (result.SendAgain.Count > 0)
            {
                await pause.WaitAsync(stoppingToken);
                parts.Push(result.SendAgain);
            }
            else
            {
                pause.Reset();
            }
        }
    }

    /// <summary>Tries until the store answers; only a refusal or shutting down ends it.</summary>
    private async Task<T> UntilAvailableAsync<T>(Func<Task<T>> attempt, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                var result = await attempt();
                availability.Available();
                return result;
            }
            catch (LogStoreUnavailableException exception) when (!stoppingToken.IsCancellationRequested)
            {
                availability.Unavailable(exception);
                logger.LogWarning(exception, "The log store is unavailable; trying again in {Pause}", pause.Next);
                await pause.WaitAsync(stoppingToken);
            }
        }
    }

    private async Task SetAsideAsync(IReadOnlyList<RefusedLogEntry> refused, CancellationToken stoppingToken)
    {
        var deadLetters = refused.Select(r => r with { Reason = StorableText.Clean(r.Reason, ReasonCap, LogText.Marker) }).ToList();
        foreach (var (line, reason) in deadLetters)
        {
            logger.LogWarning("The log store refused a line from {Service} received at {ReceivedAt:O}; it is set aside: {Reason}", line.Entry.Service, line.ReceivedAt, reason);
        }
        try
        {
            await UntilAvailableAsync(async () =>
            {
                await store.SetAsideAsync(deadLetters, stoppingToken);
                return deadLetters.Count;
            }, stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // Lines the store will not even keep as dead letters are dropped rather than tried for ever; the warnings above say what they were.
            logger.LogError(exception, "Could not set aside {Count} refused log lines; they are dropped", deadLetters.Count);
        }
        metrics.Rejected(deadLetters.Count);
    }
}
