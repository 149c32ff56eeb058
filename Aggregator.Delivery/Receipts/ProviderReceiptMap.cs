using Aggregator.Delivery.Attempts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aggregator.Delivery.Receipts;

public sealed class ProviderReceiptMap : IEntityTypeConfiguration<ProviderReceipt>
{
    public void Configure(EntityTypeBuilder<ProviderReceipt> entity)
    {
        entity.ToTable("provider_receipts");
        entity.HasKey(r => r.ProviderMessageId);
        entity.Property(r => r.ProviderMessageId).HasMaxLength(ErrorText.MaxProviderMessageIdLength);
        entity.Property(r => r.Source).HasMaxLength(16);
        entity.Property(r => r.Status).HasMaxLength(16);
        // Retention: old receipts that no attempt holds.
        entity.HasIndex(r => r.ReceivedAt).HasDatabaseName("ix_provider_receipts_received_at");
    }
}
