using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Data;

/// <summary>
/// The Data Protection key ring behind <see cref="ProtectedText"/>: kept in the Delivery database
/// (<c>data_protection_keys</c>) under one application name, so every Delivery instance reads what any other wrote.
/// </summary>
public static class DeliveryKeyRing
{
    public const string ApplicationName = "Aggregator.Delivery";

    private const long FirstKeyLockKey = 7_414_651_032;

    public static IServiceCollection AddDeliveryKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<DeliveryDbContext>();
        services.AddSingleton<ProtectedText>();
        return services;
    }

    /// <summary>
    /// Makes the ring's key before the service protects anything, one instance at a time. Left to Data Protection,
    /// instances that start together on an empty ring would each make a key of their own, and one would then fail to read
    /// what another wrote until its cached ring expired (a day).
    /// </summary>
    public static async Task EnsureKeyAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var keys = scope.ServiceProvider.GetRequiredService<IKeyManager>();
        var lifetime = scope.ServiceProvider.GetRequiredService<IOptions<KeyManagementOptions>>().Value.NewKeyLifetime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({FirstKeyLockKey})", cancellationToken);
        var now = DateTimeOffset.UtcNow;
        if (!keys.GetAllKeys().Any(key => !key.IsRevoked && key.ActivationDate <= now && key.ExpirationDate > now))
        {
            keys.CreateNewKey(now, now + lifetime);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
