using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aggregator.Delivery.StateMachines;

public sealed class DeliveryCommandMap : IEntityTypeConfiguration<DeliveryCommand>
{
    public void Configure(EntityTypeBuilder<DeliveryCommand> entity)
    {
        entity.ToTable("delivery_commands");
        entity.HasKey(c => c.MessageId);
        entity.Property(c => c.MessageId).ValueGeneratedNever();
    }
}
