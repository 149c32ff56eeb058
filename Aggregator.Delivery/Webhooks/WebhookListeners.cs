using Aggregator.Delivery.Data;
using Aggregator.Delivery.StatusEvents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Webhooks;

/// <summary>
/// Whether any enabled webhook endpoint exists, asked of the database every <c>Webhooks:ListenerRefresh</c> and at once
/// when this instance registers, deletes or disables one; another instance learns of it by its next refresh. The saga
/// and consumers ask it for every status change, so the answer is a field, never a query.
/// </summary>
public sealed class WebhookListeners(IServiceScopeFactory scopes, IOptions<WebhookOptions> options, ILogger<WebhookListeners> logger)
    : BackgroundService, IStatusListeners
{
    // Unknown counts as listening: an event too many costs one bus message, an event too few is lost.
    private volatile bool anyListening = true;

    // Bumped by every local registration, so that a refresh that began before it cannot overwrite it with "nobody".
    private int registrations;

    public bool AnyListening => anyListening;

    public void Registered()
    {
        Interlocked.Increment(ref registrations);
        anyListening = true;
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var before = Volatile.Read(ref registrations);
        await using var scope = scopes.CreateAsyncScope();
        var any = await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().WebhookEndpoints
            .AnyAsync(e => e.DisabledAt == null, cancellationToken);
        if (Volatile.Read(ref registrations) == before)
        {
            anyListening = any;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ListenerRefresh);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The last answer stands until the database answers again.
                logger.LogDebug("Could not check for webhook endpoints: {Reason:l}", exception.GetBaseException().Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
