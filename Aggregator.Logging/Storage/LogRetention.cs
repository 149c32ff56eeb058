using Microsoft.Extensions.Options;

namespace Aggregator.Logging.Storage;

/// <summary>
/// Deletes lines received more than <c>LogStore:RetentionDays</c> ago, every <c>LogStore:RetentionInterval</c>. It goes by the
/// received time because a sender's timestamp can be anything: a line dated in the far future would otherwise never go.
/// </summary>
public sealed class LogRetention(ILogStore store, IOptions<LogStoreOptions> options, TimeProvider clock, ILogger<LogRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionInterval, clock);
        do
        {
            try
            {
                var cutoff = clock.GetUtcNow().AddDays(-options.Value.RetentionDays);
                var deleted = await store.DeleteReceivedBeforeAsync(cutoff, stoppingToken);
                if (deleted > 0)
                {
                    logger.LogInformation("Deleted {Count} log entries received before {Cutoff:O}", deleted, cutoff);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Log retention failed; trying again at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
