using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace Aggregator.Benchmarks;

/// <summary>Counters read before and after a phase: bus messages published, PostgreSQL commits, CPU seconds per process.</summary>
public sealed record SystemCounters(long BusPublished, long Commits, IReadOnlyDictionary<string, double> CpuSeconds)
{
    private static readonly double TicksPerSecond = 100;

    public static async Task<SystemCounters> ReadAsync(BenchmarkOptions options, string stateDirectory)
    {
        using var management = Limits.Management(options);
        using var overview = JsonDocument.Parse(await management.GetStringAsync("overview"));
        var published = overview.RootElement.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("publish", out var publish) ? publish.GetInt64() : 0;

        await using var database = NpgsqlDataSource.Create(options.Postgres("postgres"));
        await using var command = database.CreateCommand(
            "SELECT coalesce(sum(xact_commit), 0)::bigint FROM pg_stat_database WHERE datname IN ('aggregator_delivery', 'aggregator_logging')");
        var commits = (long)(await command.ExecuteScalarAsync())!;
        return new SystemCounters(published, commits, Cpu(stateDirectory));
    }

    public SystemCounters Since(SystemCounters before) => new(
        BusPublished - before.BusPublished,
        Commits - before.Commits,
        CpuSeconds.ToDictionary(p => p.Key, p => p.Value - before.CpuSeconds.GetValueOrDefault(p.Key)));

    /// <summary>
    /// CPU seconds so far of the three services, the servers and this benchmark (<see cref="Benchmark"/>), whose own
    /// MassTransit and Npgsql stand in for the services' while it measures a limit.
    /// </summary>
    public static IReadOnlyDictionary<string, double> CpuNow(string stateDirectory) =>
        new Dictionary<string, double>(Cpu(stateDirectory)) { [Benchmark] = Environment.CpuUsage.TotalTime.TotalSeconds };

    public const string Benchmark = "benchmark";

    /// <summary>User plus system CPU of the three services (from their pid files) and of the servers (by process name).</summary>
    private static Dictionary<string, double> Cpu(string stateDirectory)
    {
        var cpu = new Dictionary<string, double>();
        foreach (var service in new[] { "router", "delivery", "logging" })
        {
            var pidFile = Path.Combine(stateDirectory, $"{service}.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                cpu[service] = Seconds(pid);
            }
        }
        foreach (var process in Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => int.TryParse(n, out _)))
        {
            var name = ReadOrEmpty($"/proc/{process}/comm").Trim();
            var server = name switch
            {
                "beam.smp" => "rabbitmq",
                "redis-server" => "redis",
                "postgres" => "postgresql",
                _ => null,
            };
            if (server is not null)
            {
                cpu[server] = cpu.GetValueOrDefault(server) + Seconds(int.Parse(process!, CultureInfo.InvariantCulture));
            }
        }
        return cpu;
    }

    private static double Seconds(int pid)
    {
        var stat = ReadOrEmpty($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 12 ? (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond : 0;
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }
}
