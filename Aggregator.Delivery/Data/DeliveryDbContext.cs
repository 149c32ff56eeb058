using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Receipts;
using Aggregator.Delivery.Scheduling;
using Aggregator.Delivery.StateMachines;
using Aggregator.Delivery.Webhooks;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.Data;

public sealed class DeliveryDbContext(DbContextOptions<DeliveryDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<MessageState> Messages => Set<MessageState>();

    public DbSet<DeliveryAttempt> Attempts => Set<DeliveryAttempt>();

    public DbSet<ScheduledMessage> ScheduledMessages => Set<ScheduledMessage>();

    public DbSet<DeliveryCommand> DeliveryCommands => Set<DeliveryCommand>();

    public DbSet<ProviderReceipt> Receipts => Set<ProviderReceipt>();

    public DbSet<MessageAuditEntry> Audit => Set<MessageAuditEntry>();

    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    /// <summary>The key ring of <see cref="ProtectedText"/>, shared by every Delivery instance.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DeliveryDbContext).Assembly);
}
