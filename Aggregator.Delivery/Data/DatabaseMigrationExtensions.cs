using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.Data;

public static class DatabaseMigrationExtensions
{
    /// <summary>
    /// Applies pending EF Core migrations, and makes the key ring's first key, before the service takes traffic.
    /// Instances that start together are safe: since EF Core 9, <c>Migrate</c> holds a database-wide lock while it runs
    /// (Npgsql's provider implements it), so the first one migrates and the rest find nothing to do.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().Database.MigrateAsync(cancellationToken);
        }
        await services.EnsureKeyAsync(cancellationToken);
    }
}
