using System.Globalization;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// A <see cref="FaultProxy"/> in front of each of the run's servers, and the settings that point a service at it:
/// <c>new RouterHost(proxy.RabbitMqSettings())</c>, <c>["ConnectionStrings:Delivery"] = proxy.Postgres(TestRun.DeliveryDatabase)</c>.
/// </summary>
public static class ProxiedServers
{
    public static Task<FaultProxy> RabbitMqAsync() => FaultProxy.StartAsync(TestServers.Host, TestServers.RabbitMqPort);

    public static Task<FaultProxy> RedisAsync() => FaultProxy.StartAsync(TestServers.Host, TestServers.RedisPort);

    public static Task<FaultProxy> PostgresAsync() => FaultProxy.StartAsync(TestServers.Host, TestServers.PostgresPort);

    /// <summary>The broker's address for a service; its virtual host and credentials stay the run's.</summary>
    public static Dictionary<string, string?> RabbitMqSettings(this FaultProxy proxy) => new()
    {
        ["RabbitMq:Host"] = proxy.Host,
        ["RabbitMq:Port"] = proxy.Port.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The Router's Redis settings; <paramref name="options"/> are StackExchange.Redis options added to the address,
    /// by default the Router's own from its appsettings.json, so its timeouts are the ones under test.
    /// </summary>
    public static Dictionary<string, string?> RedisSettings(
        this FaultProxy proxy, string options = "abortConnect=false,connectTimeout=2000,asyncTimeout=1000,syncTimeout=1000") => new()
    {
        ["Redis:ConnectionString"] = $"{proxy.Host}:{proxy.Port},{options}",
    };

    public static string Postgres(this FaultProxy proxy, string database) => TestServers.Postgres(database, proxy.Host, proxy.Port);
}
