using Aggregator.Delivery.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aggregator.Delivery.Data;

public sealed class MessageStateMap : IEntityTypeConfiguration<MessageState>
{
    public void Configure(EntityTypeBuilder<MessageState> entity)
    {
        entity.ToTable("message_states");
        entity.HasKey(m => m.MessageId);
        entity.Property(m => m.MessageId).ValueGeneratedNever();
        entity.Property(m => m.TraceId).HasMaxLength(32);
        entity.Property(m => m.Channel).HasConversion<string>().HasMaxLength(16);
        entity.Property(m => m.Recipient).HasMaxLength(320);
        entity.Property(m => m.State).HasMaxLength(16);
        entity.Property(m => m.LastError).HasMaxLength(2000);
    }
}
