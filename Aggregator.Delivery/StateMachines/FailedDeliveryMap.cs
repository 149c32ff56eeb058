using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aggregator.Delivery.StateMachines;

public sealed class FailedDeliveryMap : IEntityTypeConfiguration<FailedDelivery>
{
    public void Configure(EntityTypeBuilder<FailedDelivery> entity)
    {
        entity.ToTable("failed_deliveries");
        entity.HasKey(f => f.MessageId);
        entity.Property(f => f.MessageId).ValueGeneratedNever();
        entity.Property(f => f.Command).HasColumnType("jsonb");
    }
}
