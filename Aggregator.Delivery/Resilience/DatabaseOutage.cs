using Npgsql;

namespace Aggregator.Delivery.Resilience;

/// <summary>
/// Tells "PostgreSQL cannot be used right now" (down, restarting, unreachable, out of connections) from every other
/// failure. Such a failure says nothing about the message: it waits for the database instead of spending its retries.
/// </summary>
public static class DatabaseOutage
{
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException server => server.IsTransient || IsShutdownOrConnectionState(server.SqlState),
        // Network, protocol and pool-exhausted failures on our side of the connection; errors in a statement are PostgresExceptions.
        NpgsqlException => true,
        AggregateException many => many.InnerExceptions.Any(IsUnavailable),
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };

    // 08: connection exceptions; 57P01-57P03: the server is shutting down, crashed or not yet accepting connections.
    private static bool IsShutdownOrConnectionState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03";
}
