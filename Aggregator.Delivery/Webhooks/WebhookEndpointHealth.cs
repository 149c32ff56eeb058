using Aggregator.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.Webhooks;

/// <summary>
/// Each endpoint's run of failures, one statement per outcome: a success ends the run; a failure lengthens it and
/// disables the endpoint when the run has lasted <c>Webhooks:GiveUpAfter</c>, or when an event was given up after
/// failing on every try of its life.
/// </summary>
public sealed class WebhookEndpointHealth(DeliveryDbContext db)
{
    public Task SucceededAsync(Guid endpointId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE webhook_endpoints SET consecutive_failures = 0, failing_since = NULL, last_failure = NULL
            WHERE id = {endpointId} AND consecutive_failures > 0
            """, cancellationToken);

    public async Task<EndpointAfterFailure> FailedAsync(
        Guid endpointId, string failure, DateTimeOffset triedAt, DateTimeOffset firstTriedAt, bool givenUp, TimeSpan giveUpAfter,
        CancellationToken cancellationToken)
    {
        var reason = failure.Length > WebhookEndpointMap.LongestFailure ? failure[..WebhookEndpointMap.LongestFailure] : failure;
        var longAgo = triedAt - giveUpAfter;
        var disabled = await db.Database.SqlQuery<bool>($"""
            UPDATE webhook_endpoints SET
                consecutive_failures = consecutive_failures + 1,
                failing_since = COALESCE(failing_since, {triedAt}),
                last_failure = {reason},
                disabled_at = CASE WHEN COALESCE(failing_since, {triedAt}) <= {longAgo}
                                     OR ({givenUp} AND COALESCE(failing_since, {triedAt}) <= {firstTriedAt})
                                   THEN {triedAt} END
            WHERE id = {endpointId} AND disabled_at IS NULL
            RETURNING disabled_at IS NOT NULL AS "Value"
            """).ToListAsync(cancellationToken);
        return disabled switch
        {
            [] => EndpointAfterFailure.Gone,
            [true] => EndpointAfterFailure.DisabledNow,
            _ => EndpointAfterFailure.Failing,
        };
    }
}

public enum EndpointAfterFailure
{
    /// <summary>Still enabled: the event is retried.</summary>
    Failing,

    /// <summary>This failure disabled it.</summary>
    DisabledNow,

    /// <summary>Deleted or disabled meanwhile.</summary>
    Gone,
}
