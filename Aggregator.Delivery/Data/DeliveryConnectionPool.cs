using Aggregator.Delivery.StateMachines;
using Npgsql;

namespace Aggregator.Delivery.Data;

/// <summary>
/// Every saga transaction holds a connection for its whole length, so the pool must have one per saga message in flight,
/// plus room for the channel consumers' single statements, the scheduler, the sweeper and the support API. A pool too
/// small makes consumers wait for connections; a wait that times out is treated as an outage (the message waits in
/// RabbitMQ), never as a failed delivery, but it should not happen in normal operation.
/// </summary>
public static class DeliveryConnectionPool
{
    public const int Headroom = 16;

    public static int Required => MessageStateDefinition.Concurrency + Headroom;

    public static string Sized(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxPoolSize < Required)
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:Delivery has Maximum Pool Size={settings.MaxPoolSize}; the Delivery service needs at least {Required} " +
                $"({MessageStateDefinition.Concurrency} saga transactions in flight + {Headroom} for consumers, scheduler and API).");
        }
        return settings.ConnectionString;
    }
}
