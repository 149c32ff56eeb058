using Aggregator.Delivery.Attempts;
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
        entity.Property(m => m.LastError).HasMaxLength(ErrorText.MaxLength);
        entity.Property(m => m.ProviderStatus).HasMaxLength(16);
        entity.Property(m => m.SubmittedBy).HasMaxLength(64);
        entity.Property(m => m.Priority).HasConversion<string>().HasMaxLength(8);

        // Support queries: newest first, optionally by state or channel, paged by (created_at, message_id).
        entity.HasIndex(m => new { m.CreatedAt, m.CorrelationId }).IsDescending().HasDatabaseName("ix_message_states_created");
        entity.HasIndex(m => new { m.CurrentState, m.CreatedAt, m.CorrelationId }).IsDescending(false, true, true).HasDatabaseName("ix_message_states_state_created");
        entity.HasIndex(m => new { m.Channel, m.CreatedAt, m.CorrelationId }).IsDescending(false, true, true).HasDatabaseName("ix_message_states_channel_created");
        // A submit key's own messages, newest first.
        entity.HasIndex(m => new { m.SubmittedBy, m.CreatedAt, m.CorrelationId }).IsDescending(false, true, true).HasDatabaseName("ix_message_states_submitted_by_created");
    }
}
