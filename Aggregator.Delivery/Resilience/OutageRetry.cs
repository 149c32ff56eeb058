using MassTransit;

namespace Aggregator.Delivery.Resilience;

/// <summary>
/// While PostgreSQL is away a consumed message is retried in place, without limit and at most every ~10 s, so it stays
/// unacknowledged in RabbitMQ for the whole outage and goes on about a second after the database is back. A limit
/// would only move the loss to outages longer than the limit; scheduled redelivery and the error queue never see
/// these failures, so an outage spends none of a message's provider retries (MASSTRANSIT.md, "Outages").
/// </summary>
public static class OutageRetry
{
    public static void UseOutageRetry(this IReceiveEndpointConfigurator endpoint, OutageWaits waits) =>
        endpoint.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(OutageWaits.IsWorthWaitingFor);
            retry.Exponential(int.MaxValue, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));
            retry.ConnectRetryObserver(waits);
        });

    /// <summary>Scheduled redelivery counts provider failures; an outage is not one.</summary>
    public static void IgnoreOutages(this IRetryConfigurator redelivery) =>
        redelivery.Ignore<Exception>(OutageWaits.IsWorthWaitingFor);
}
