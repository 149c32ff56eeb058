using Aggregator.Delivery.Data;
using MassTransit;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Scheduling;

/// <summary>
/// Sends stored messages when they are due. Each batch is taken <c>FOR UPDATE SKIP LOCKED</c> inside one
/// transaction and the rows that were sent are deleted in it, so several Delivery instances share the table
/// without sending a row twice. A crash between send and commit sends again: delivery is at-least-once,
/// and consumers are idempotent. Rows that were due while everything was down go out at start.
/// </summary>
public sealed class ScheduledMessageDispatcher(
    IServiceScopeFactory scopes,
    IBus bus,
    ProtectedText text,
    SchedulerMetrics metrics,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    ILogger<ScheduledMessageDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan idle;
            try
            {
                // A cheap look first: the locking transaction is opened only when something is due.
                idle = await UntilNextDueAsync(settings.PollInterval, stoppingToken);
                if (idle == TimeSpan.Zero)
                {
                    var (taken, sent) = await DispatchDueAsync(settings.BatchSize, stoppingToken);
                    // Nothing taken: another instance holds the due rows. Some unsent: the broker is away. Either way,
                    // pause instead of spinning; otherwise go straight on to the next batch.
                    idle = taken == 0 ? settings.PollInterval : sent < taken ? FailurePause : TimeSpan.Zero;
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Dispatching scheduled messages failed; trying again");
                idle = FailurePause;
            }
            if (idle > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(idle, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(1);

    /// <summary>Sends what is due now; returns how many rows it took and how many of them it sent (or dropped as cancelled).</summary>
    private async Task<(int Taken, int Sent)> DispatchDueAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.ScheduledMessages
            .FromSql($"SELECT * FROM scheduled_messages WHERE due_at <= now() ORDER BY due_at LIMIT {batchSize} FOR UPDATE SKIP LOCKED")
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return (0, 0);
        }

        var results = await Task.WhenAll(due.Select(message => message.Cancelled ? Task.FromResult(true) : TrySendAsync(message, cancellationToken)));
        var done = due.Where((_, i) => results[i]).Select(m => m.TokenId).ToList();
        await db.ScheduledMessages.Where(m => done.Contains(m.TokenId)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (due.Count, done.Count);
    }

    private async Task<bool> TrySendAsync(ScheduledMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var endpoint = await bus.GetSendEndpoint(new Uri(message.Destination));
            var body = text.Read(ProtectedColumn.ScheduledMessageBody, message.Body);
            await endpoint.Send(new SerializedMessageBody(), new StoredMessageSendPipe(message, body), cancellationToken);
            metrics.Dispatched(clock.GetUtcNow() - message.DueAt);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The row stays and is tried again on the next pass.
            logger.LogWarning(exception, "Could not send scheduled message {TokenId} to {Destination}", message.TokenId, message.Destination);
            return false;
        }
    }

    private async Task<TimeSpan> UntilNextDueAsync(TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var next = await db.ScheduledMessages.MinAsync(m => (DateTimeOffset?)m.DueAt, cancellationToken);
        if (next is null)
        {
            return pollInterval;
        }
        var wait = next.Value - clock.GetUtcNow();
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait < pollInterval ? wait : pollInterval;
    }
}
