using Aggregator.Logging.Storage;
using Microsoft.Extensions.Options;

namespace Aggregator.Logging.Ingestion;

/// <summary>Drains the ingest queue into the store in batches; a failed batch is tried again after a pause.</summary>
public sealed class LogWriter(LogIngestQueue queue, ILogStore store, IOptions<LogStoreOptions> options, ILogger<LogWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<ReceivedLogEntry>(options.Value.BatchSize);
        while (await queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < options.Value.BatchSize && queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }
            await WriteUntilStoredAsync(batch, stoppingToken);
            queue.Taken(batch.Count);
            batch.Clear();
        }
    }

    private async Task WriteUntilStoredAsync(List<ReceivedLogEntry> batch, CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await store.WriteAsync(batch, stoppingToken);
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Could not store {Count} log entries; trying again in {Pause}", batch.Count, pause);
                await Task.Delay(pause, stoppingToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }
}
