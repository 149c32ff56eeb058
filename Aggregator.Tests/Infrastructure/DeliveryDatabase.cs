using Aggregator.Delivery.Data;
using Aggregator.Delivery.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Infrastructure;

/// <summary>The run's Delivery database, opened directly, for arranging and checking rows.</summary>
public static class DeliveryDatabase
{
    private static readonly Lazy<ProtectedText> KeyRing = new(() =>
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<DeliveryDbContext>(options => options.UseDeliveryDatabase(TestServers.Postgres(TestRun.DeliveryDatabase)));
        services.AddDeliveryKeyRing();
        return services.BuildServiceProvider().GetRequiredService<ProtectedText>();
    });

    /// <summary>Reads and writes encrypted columns as the Delivery services of the run do: their key ring is in the run's database.</summary>
    public static ProtectedText Protection => KeyRing.Value;

    public static DeliveryDbContext Open()
    {
        var options = new DbContextOptionsBuilder<DeliveryDbContext>();
        options.UseDeliveryDatabase(TestServers.Postgres(TestRun.DeliveryDatabase));
        return new DeliveryDbContext(options.Options);
    }

    public static async Task<T> ReadAsync<T>(Func<DeliveryDbContext, Task<T>> query)
    {
        await using var db = Open();
        return await query(db);
    }

    /// <summary>The scheduled messages whose (decrypted) envelope names <paramref name="messageId"/>.</summary>
    public static Task<List<ScheduledMessage>> ScheduledForAsync(Guid messageId) => ScheduledForAnyAsync([messageId]);

    /// <summary>The scheduled messages whose (decrypted) envelope names any of <paramref name="messageIds"/>: other specs' rows are not counted.</summary>
    public static async Task<List<ScheduledMessage>> ScheduledForAnyAsync(IReadOnlyCollection<Guid> messageIds)
    {
        var rows = await ReadAsync(db => db.ScheduledMessages.AsNoTracking().Where(m => !m.Cancelled).ToListAsync());
        var ids = messageIds.Select(id => id.ToString()).ToList();
        return rows.Where(m => Protection.Read(ProtectedColumn.ScheduledMessageBody, m.Body) is var body && ids.Any(body.Contains)).ToList();
    }
}
