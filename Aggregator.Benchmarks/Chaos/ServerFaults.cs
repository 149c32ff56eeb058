using System.Diagnostics;

namespace Aggregator.Benchmarks.Chaos;

/// <summary>
/// Real faults on the real servers of this machine (the chaos suite only; the test suite uses its own TCP fault proxy):
/// PostgreSQL and RabbitMQ stopped and started, Redis frozen with SIGSTOP, a service killed with SIGKILL.
/// </summary>
public sealed class ServerFaults(BenchmarkOptions options)
{
    public Task StopPostgresAsync() => PostgresAsync("stop");

    public Task StartPostgresAsync() => PostgresAsync("start");

    public Task StopRabbitMqAsync() => RunAsync("rabbitmqctl", "-q", "stop_app");

    public async Task StartRabbitMqAsync()
    {
        await RunAsync("rabbitmqctl", "-q", "start_app");
        await RunAsync("rabbitmqctl", "-q", "await_startup");
    }

    public Task FreezeRedisAsync() => RunAsync("pkill", "-STOP", "-x", "redis-server");

    public Task ThawRedisAsync() => RunAsync("pkill", "-CONT", "-x", "redis-server");

    /// <summary>SIGKILL: no shutdown of any kind, as a crash or the OOM killer would do it.</summary>
    public async Task KillAsync(string service)
    {
        var pid = (await File.ReadAllTextAsync(Path.Combine(options.StateDirectory, $"{service}.pid"))).Trim();
        await RunAsync("kill", "-KILL", pid);
    }

    /// <summary>Starts whatever is down (servers and services) and waits until every /health answers 200.</summary>
    public Task UpAsync() => LocalScript.RunAsync(options, "up");

    private static async Task PostgresAsync(string action)
    {
        var cluster = (await OutputOfAsync("pg_lsclusters", "--no-header")).Split('\n', StringSplitOptions.RemoveEmptyEntries)[0]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        await RunAsync("pg_ctlcluster", cluster[0], cluster[1], action);
    }

    private static async Task RunAsync(string program, params string[] arguments) => await OutputOfAsync(program, arguments);

    private static async Task<string> OutputOfAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Trim()}");
        }
        return output;
    }
}
