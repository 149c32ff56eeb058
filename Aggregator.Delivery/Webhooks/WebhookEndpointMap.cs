using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aggregator.Delivery.Webhooks;

public sealed class WebhookEndpointMap : IEntityTypeConfiguration<WebhookEndpoint>
{
    public const int LongestUrl = 2048;

    public const int LongestFailure = 500;

    public void Configure(EntityTypeBuilder<WebhookEndpoint> entity)
    {
        entity.ToTable("webhook_endpoints");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Id).ValueGeneratedNever();
        entity.Property(e => e.Owner).HasMaxLength(200);
        entity.Property(e => e.Url).HasMaxLength(LongestUrl);
        entity.Property(e => e.LastFailure).HasMaxLength(LongestFailure);
        // The fan-out's question for every event: the enabled endpoints of one owner.
        entity.HasIndex(e => e.Owner).HasFilter("disabled_at IS NULL");
    }
}
