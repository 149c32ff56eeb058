namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// Where the real servers are: the defaults match <c>deploy/local.sh</c>, and the same variables override both.
/// </summary>
public static class TestServers
{
    public static string Host => Environment.GetEnvironmentVariable("AGGREGATOR_HOST") ?? "localhost";

    public static string DbUser => Environment.GetEnvironmentVariable("AGGREGATOR_DB_USER") ?? "aggregator";

    public static string DbPassword => Environment.GetEnvironmentVariable("AGGREGATOR_DB_PASSWORD") ?? "aggregator";

    public static string MqUser => Environment.GetEnvironmentVariable("AGGREGATOR_MQ_USER") ?? "aggregator";

    public static string MqPassword => Environment.GetEnvironmentVariable("AGGREGATOR_MQ_PASSWORD") ?? "aggregator";

    public const int RabbitMqPort = 5672;

    public const int RedisPort = 6379;

    public const int PostgresPort = 5432;

    public static Uri RabbitMqManagement => new($"http://{Host}:15672/api/");

    public static string Redis => $"{Host}:{RedisPort}";

    public static string Postgres(string database) => Postgres(database, Host, PostgresPort);

    public static string Postgres(string database, string host, int port) =>
        $"Host={host};Port={port};Database={database};Username={DbUser};Password={DbPassword}";
}
