using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aggregator.Delivery.Scheduling;

public sealed class ScheduledMessageMap : IEntityTypeConfiguration<ScheduledMessage>
{
    public void Configure(EntityTypeBuilder<ScheduledMessage> entity)
    {
        entity.ToTable("scheduled_messages");
        entity.HasKey(m => m.TokenId);
        entity.Property(m => m.TokenId).ValueGeneratedNever();
        entity.Property(m => m.Headers).HasColumnType("jsonb");
        // The dispatcher's only question: what is due, oldest first.
        entity.HasIndex(m => m.DueAt);
    }
}
