using System.Net.Http.Headers;
using System.Text;
using Npgsql;
using StackExchange.Redis;

using Aggregator.Tests.Infrastructure;

/// <summary>
/// One test run's private corner of the shared servers: a RabbitMQ virtual host, PostgreSQL databases
/// and a Redis key prefix, all named after one run id and all removed at the end, so that runs never
/// see each other's data. The services under test find them through environment variables, which
/// every <see cref="ServiceFactory{TEntryPoint}"/> of the run reads. It sits in the global namespace so that
/// NUnit runs it around every test of the assembly, not only those of one namespace.
/// </summary>
[SetUpFixture]
public sealed class TestRun
{
    public static string Id { get; } = $"t{DateTime.UtcNow:yyyyMMddHHmmss}{Guid.NewGuid().ToString("N")[..6]}";

    public static string VirtualHost => $"aggregator-{Id}";

    public static string DeliveryDatabase => $"aggregator_delivery_{Id}";

    public static string LoggingDatabase => $"aggregator_logging_{Id}";

    public static string RedisKeyPrefix => $"test:{Id}:";

    [OneTimeSetUp]
    public async Task CreateAsync()
    {
        using var management = ManagementClient();
        (await management.PutAsync($"vhosts/{Uri.EscapeDataString(VirtualHost)}", Json("{}"))).EnsureSuccessStatusCode();
        (await management.PutAsync(
            $"permissions/{Uri.EscapeDataString(VirtualHost)}/{Uri.EscapeDataString(TestServers.MqUser)}",
            Json("""{"configure":".*","write":".*","read":".*"}"""))).EnsureSuccessStatusCode();

        await AdminCommandAsync($"CREATE DATABASE {DeliveryDatabase}");
        await AdminCommandAsync($"CREATE DATABASE {LoggingDatabase}");

        Environment.SetEnvironmentVariable("RabbitMq__VirtualHost", VirtualHost);
        Environment.SetEnvironmentVariable("ConnectionStrings__Delivery", TestServers.Postgres(DeliveryDatabase));
        Environment.SetEnvironmentVariable("ConnectionStrings__Logging", TestServers.Postgres(LoggingDatabase));
        Environment.SetEnvironmentVariable("Redis__KeyPrefix", RedisKeyPrefix);
        // Services under test ship logs only where a test points them, never to a Logging service that happens to run.
        Environment.SetEnvironmentVariable("LogShipping__Url", "");

        // The Router publishes as mandatory: until a Delivery service has bound its queues in this vhost, it answers
        // 503. One short start of the Delivery service binds them (durably) and migrates its database for the run.
        using var delivery = new DeliveryHost();
        delivery.CreateClient().Dispose();
    }

    [OneTimeTearDown]
    public async Task RemoveAsync()
    {
        using var management = ManagementClient();
        await management.DeleteAsync($"vhosts/{Uri.EscapeDataString(VirtualHost)}");

        NpgsqlConnection.ClearAllPools();
        await AdminCommandAsync($"DROP DATABASE IF EXISTS {DeliveryDatabase} WITH (FORCE)");
        await AdminCommandAsync($"DROP DATABASE IF EXISTS {LoggingDatabase} WITH (FORCE)");

        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        var server = redis.GetServers()[0];
        var keys = server.Keys(pattern: RedisKeyPrefix + "*").ToArray();
        if (keys.Length > 0)
        {
            await redis.GetDatabase().KeyDeleteAsync(keys);
        }
    }

    public static HttpClient ManagementClient()
    {
        var client = new HttpClient { BaseAddress = TestServers.RabbitMqManagement };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestServers.MqUser}:{TestServers.MqPassword}")));
        return client;
    }

    private static async Task AdminCommandAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestServers.Postgres("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
