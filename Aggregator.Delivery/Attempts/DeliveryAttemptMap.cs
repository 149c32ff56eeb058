using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aggregator.Delivery.Attempts;

public sealed class DeliveryAttemptMap : IEntityTypeConfiguration<DeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<DeliveryAttempt> entity)
    {
        entity.ToTable("delivery_attempts");
        entity.HasKey(a => new { a.MessageId, a.Attempt });
        entity.Property(a => a.Channel).HasConversion<string>().HasMaxLength(16);
        entity.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(24);
        entity.Property(a => a.Error).HasMaxLength(ErrorText.MaxLength);
        entity.Property(a => a.ProviderMessageId).HasMaxLength(ErrorText.MaxProviderMessageIdLength);
        entity.Property(a => a.Provider).HasMaxLength(48);
        entity.Property(a => a.ProvidersTried).HasColumnType("jsonb").HasConversion(
            tries => ProvidersTriedJson.Write(tries),
            json => ProvidersTriedJson.Read(json));

        // Receipts find their attempt by the provider's id.
        entity.HasIndex(a => a.ProviderMessageId).HasFilter("provider_message_id IS NOT NULL").HasDatabaseName("ix_delivery_attempts_provider_message_id");
    }
}
