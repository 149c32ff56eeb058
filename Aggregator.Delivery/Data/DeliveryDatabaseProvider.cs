using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.Data;

public static class DeliveryDatabaseProvider
{
    /// <summary>The one place the provider and naming convention are chosen, for the service and the design-time tools alike.</summary>
    public static DbContextOptionsBuilder UseDeliveryDatabase(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString).UseSnakeCaseNamingConvention();
}
