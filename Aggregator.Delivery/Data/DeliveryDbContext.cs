using Aggregator.Delivery.Messages;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.Data;

public sealed class DeliveryDbContext(DbContextOptions<DeliveryDbContext> options) : DbContext(options)
{
    public DbSet<MessageState> Messages => Set<MessageState>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DeliveryDbContext).Assembly);
}
