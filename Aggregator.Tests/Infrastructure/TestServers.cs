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

    public static Uri RabbitMqManagement => new($"http://{Host}:15672/api/");

    public static string Redis => $"{Host}:6379";

    public static string Postgres(string database) =>
        $"Host={Host};Port=5432;Database={database};Username={DbUser};Password={DbPassword}";
}
