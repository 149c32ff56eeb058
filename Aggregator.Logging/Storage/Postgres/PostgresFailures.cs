using System.Net.Sockets;
using Npgsql;

namespace Aggregator.Logging.Storage.Postgres;

/// <summary>
/// Tells "PostgreSQL is unavailable" (down, restarting, unreachable, out of connections: send the same lines again
/// later) from "PostgreSQL refuses these lines" (a data exception, class 22; an integrity violation, 23; a program
/// limit, 54: no resend will ever succeed). Anything else that is not about the connection is a refusal too, so an
/// unforeseen error sets lines aside instead of stopping the writer.
/// </summary>
public static class PostgresFailures
{
    private static readonly string[] RefusingClasses = ["22", "23", "54"];

    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException postgres => !RefusingClasses.Contains(postgres.SqlState[..2]),
        NpgsqlException { IsTransient: true } => true,
        SocketException or IOException or TimeoutException => true,
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };

    /// <summary>Runs <paramref name="work"/>; a failure that means PostgreSQL is unavailable comes out as <see cref="LogStoreUnavailableException"/>.</summary>
    public static async Task<T> ReportingUnavailabilityAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            throw new LogStoreUnavailableException($"PostgreSQL is unavailable: {exception.Message}", exception);
        }
    }
}
