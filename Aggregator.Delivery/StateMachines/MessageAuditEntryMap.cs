using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aggregator.Delivery.StateMachines;

public sealed class MessageAuditEntryMap : IEntityTypeConfiguration<MessageAuditEntry>
{
    public void Configure(EntityTypeBuilder<MessageAuditEntry> entity)
    {
        entity.ToTable("message_audit");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).UseIdentityAlwaysColumn();
        entity.Property(e => e.Action).HasMaxLength(16);
        entity.Property(e => e.By).HasMaxLength(64);
        entity.Property(e => e.FromState).HasMaxLength(16);
        entity.HasIndex(e => new { e.MessageId, e.At });
    }
}
