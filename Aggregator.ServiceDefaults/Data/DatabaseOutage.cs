using Npgsql;

namespace Aggregator.ServiceDefaults.Data;

/// <summary>
/// Tells "PostgreSQL cannot be used right now" (down, restarting, unreachable, out of connections, its database not
/// there yet) from every other failure, for every service: such a failure says nothing about the message or log line
/// at hand, which waits for the database instead of spending its retries or being set aside.
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

    // 08: connection exceptions; 57P01-57P03: the server is shutting down, crashed or not yet accepting connections;
    // 3D000: the database does not exist (yet).
    private static bool IsShutdownOrConnectionState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03" or "3D000";
}
