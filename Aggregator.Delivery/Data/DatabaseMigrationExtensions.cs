using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.Data;

public static class DatabaseMigrationExtensions
{
    /// <summary>Any fixed number, the same in every instance: the advisory lock that serialises migrations.</summary>
    private const long MigrationLockKey = 7_414_651_029;

    /// <summary>
    /// Applies pending EF Core migrations before the service takes traffic. Instances that start together
    /// queue behind a PostgreSQL advisory lock, so only the first one migrates and the rest find nothing to do.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }
}
