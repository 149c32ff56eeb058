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

    /// <summary>
    /// User and system CPU of the process and of its children that have ended: PostgreSQL's backends come and go, and one
    /// that ends between two readings moves its CPU into the postmaster's count instead of out of the sum.
    /// </summary>
    private static double Seconds(int pid)
    {
        var stat = ReadOrEmpty($"/proc/{pid}/stat");
        var end = stat.LastIndexOf(')');
        // Gone between listing and reading (or a stale pid file): nothing to count.
        var fields = end < 0 || end + 2 > stat.Length ? [] : stat[(end + 2)..].Split(' ');
        return fields.Length > 14 ? fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture)) / TicksPerSecond : 0;
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
