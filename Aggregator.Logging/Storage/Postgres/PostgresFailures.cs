using Aggregator.ServiceDefaults.Data;

namespace Aggregator.Logging.Storage.Postgres;

/// <summary>
/// "PostgreSQL is unavailable" (send the same lines again later) is the classification every service shares
/// (<see cref="DatabaseOutage"/>); anything else — a data exception (22), an integrity violation (23), a program limit
/// (54), an unforeseen error — is a refusal of these lines, which are set aside instead of stopping the writer.
/// </summary>
public static class PostgresFailures
{
    public static bool IsUnavailable(Exception exception) => DatabaseOutage.IsUnavailable(exception);

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
