using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aggregator.Delivery.StateMachines;

public sealed class MessageStateMap : IEntityTypeConfiguration<MessageState>
{
    public void Configure(EntityTypeBuilder<MessageState> entity)
    {
        entity.ToTable("message_states");
        entity.HasKey(m => m.CorrelationId);
        entity.Property(m => m.CorrelationId).HasColumnName("message_id").ValueGeneratedNever();
        entity.Property(m => m.CurrentState).HasColumnName("state").HasMaxLength(16);
        entity.Property(m => m.TraceId).HasMaxLength(32);
        entity.Property(m => m.Channel).HasConversion<string>().HasMaxLength(16);
        entity.Property(m => m.Recipient).HasMaxLength(320);
        entity.Property(m => m.LastError).HasMaxLength(2000);
    }
}
