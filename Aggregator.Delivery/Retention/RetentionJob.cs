using System.Diagnostics.Metrics;
using Aggregator.Delivery.Data;
using Aggregator.Delivery.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Retention;

/// <summary>
/// Deletes, two minutes after start and every <c>Retention:Interval</c>, what the Delivery database no longer needs (see
/// <see cref="ExpiredRows"/>): settled messages older than <c>Retention:Days</c> with everything kept for them, orphaned
/// receipts, scheduled messages long past due. In batches, each its own short statement, until a batch comes back short.
/// One instance runs it at a time: a session advisory lock, held on the job's connection for the whole run.
/// </summary>
public sealed class RetentionJob(
    IServiceScopeFactory scopes,
    IMeterFactory meters,
    IOptions<RetentionOptions> options,
    TimeProvider clock,
    ILogger<RetentionJob> logger) : BackgroundService
{
    /// <summary>The advisory lock one instance holds while it runs (specs hold it to play another instance).</summary>
    public const long RetentionLockKey = 7_414_651_033;

    private readonly Counter<long> deleted = meters.Create(DeliveryMeter.Name)
        .CreateCounter<long>("aggregator.retention.deleted", description: "Rows deleted by the retention job, by table.");

    /// <summary>Not at once: right after a (re)start the service has queued messages to drain on the same cores.</summary>
    private static readonly TimeSpan FirstRunDelay = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        await Task.Delay(FirstRunDelay < options.Value.Interval ? FirstRunDelay : options.Value.Interval, clock, stoppingToken);
        do
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Retention failed; trying again at the next interval: {Reason:l}", exception.GetBaseException().Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One run; null when another instance holds the job.</summary>
    public async Task<DeletedRows?> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var cutoff = clock.GetUtcNow().AddDays(-settings.Days);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var rows = new ExpiredRows(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (!await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({RetentionLockKey}) AS \"Value\"").SingleAsync(cancellationToken))
            {
                return null;
            }
            try
            {
                var gone = await InBatchesAsync(() => rows.DeleteSettledMessagesAsync(cutoff, settings.BatchSize, cancellationToken), batch => batch.Messages)
                    + await InBatchesAsync(() => rows.DeleteOrphanedReceiptsAsync(cutoff, settings.BatchSize, cancellationToken), batch => batch.Receipts)
                    + await InBatchesAsync(() => rows.DeleteOverdueScheduledMessagesAsync(cutoff, settings.BatchSize, cancellationToken), batch => batch.ScheduledMessages);
                if (gone.Total > 0)
                {
                    logger.LogInformation(
                        "Retention deleted {Messages} messages settled before {Cutoff:O} with {Attempts} attempts, {Commands} kept commands and {Receipts} receipts in all, and {ScheduledMessages} scheduled messages never sent",
                        gone.Messages, cutoff, gone.Attempts, gone.Commands, gone.Receipts, gone.ScheduledMessages);
                }
                return gone;
            }
            finally
            {
                // The pool keeps the session (No Reset On Close): a lock left behind would stop every later run.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({RetentionLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        async Task<DeletedRows> InBatchesAsync(Func<Task<DeletedRows>> deleteBatch, Func<DeletedRows, long> taken)
        {
            var sum = new DeletedRows();
            DeletedRows batch;
            do
            {
                batch = await deleteBatch();
                foreach (var (table, count) in batch.ByTable().Where(t => t.Count > 0))
                {
                    deleted.Add(count, new KeyValuePair<string, object?>("table", table));
                }
                sum += batch;
            }
            while (taken(batch) >= settings.BatchSize);
            return sum;
        }
    }
}
