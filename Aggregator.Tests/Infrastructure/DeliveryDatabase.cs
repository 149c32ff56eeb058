using Aggregator.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Tests.Infrastructure;

/// <summary>The run's Delivery database, opened directly, for arranging and checking rows.</summary>
public static class DeliveryDatabase
{
    public static DeliveryDbContext Open()
    {
        var options = new DbContextOptionsBuilder<DeliveryDbContext>();
        options.UseDeliveryDatabase(TestServers.Postgres(TestRun.DeliveryDatabase));
        return new DeliveryDbContext(options.Options);
    }

    public static async Task<T> ReadAsync<T>(Func<DeliveryDbContext, Task<T>> query)
    {
        await using var db = Open();
        return await query(db);
    }
}
