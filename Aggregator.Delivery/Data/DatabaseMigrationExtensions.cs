using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.Data;

public static class DatabaseMigrationExtensions
{
    /// <summary>
    /// Applies pending EF Core migrations before the service takes traffic. EF Core takes a database
    /// lock while migrating, so several instances starting together do not race.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        await db.Database.MigrateAsync();
    }
}
