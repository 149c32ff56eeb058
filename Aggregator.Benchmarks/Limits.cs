using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using MassTransit;
using Npgsql;

namespace Aggregator.Benchmarks;

/// <summary>A message for measuring the bus alone.</summary>
public record BenchPing
{
    public int Number { get; init; }
}

public sealed record BusLimits(double Publish, double PublishConsume, double CpuMsPerMessage);

public sealed record CommitLimit(double PerSecond, double CpuMsPerCommit);

/// <summary>The machine's own limits, measured in the same run on the same servers as the system.</summary>
public static class Limits
{
    private const string VirtualHost = "aggregator-bench";

    /// <summary>
    /// MassTransit confirmed publishes with 64 in flight, and publish→consume with prefetch 32, messages per second; and
    /// the CPU of one message published and consumed (RabbitMQ and this process, both ends).
    /// </summary>
    public static async Task<BusLimits> BusAsync(BenchmarkOptions options)
    {
        using var management = Management(options);
        await management.PutAsync($"vhosts/{VirtualHost}", new StringContent("{}", Encoding.UTF8, "application/json"));
        await management.PutAsync($"permissions/{VirtualHost}/{options.MqUser}",
            new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json"));
        try
        {
            var consumed = 0;
            var expected = 0;
            var allConsumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
            {
                rabbit.Host(options.Host, VirtualHost, host =>
                {
                    host.Username(options.MqUser);
                    host.Password(options.MqPassword);
                });
                rabbit.ReceiveEndpoint("bench-consume", endpoint =>
                {
                    endpoint.PrefetchCount = 32;
                    endpoint.Handler<BenchPing>(_ =>
                    {
                        if (Interlocked.Increment(ref consumed) == Volatile.Read(ref expected))
                        {
                            allConsumed.TrySetResult();
                        }
                        return Task.CompletedTask;
                    });
                });
            });
            await bus.StartAsync();
            try
            {
                var sink = await bus.GetSendEndpoint(new Uri("queue:bench-sink"));
                var publish = await TimedAsync(options.LimitMessages, n => sink.Send(new BenchPing { Number = n }));
                await management.DeleteAsync($"queues/{VirtualHost}/bench-sink/contents");

                // A first round, not counted: the consume path compiles and tiers up on its first messages.
                async Task<TimeSpan> RoundAsync(int messages)
                {
                    consumed = 0;
                    allConsumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    Volatile.Write(ref expected, messages);
                    var round = Stopwatch.StartNew();
                    await TimedAsync(messages, n => bus.Publish(new BenchPing { Number = n }));
                    await allConsumed.Task.WaitAsync(TimeSpan.FromMinutes(2));
                    return round.Elapsed;
                }
                await RoundAsync(Math.Max(100, options.LimitMessages / 5));
                var cpu = new CpuMeter(options.StateDirectory, "rabbitmq", SystemCounters.Benchmark);
                var elapsed = await RoundAsync(options.LimitMessages);
                var publishConsume = options.LimitMessages / elapsed.TotalSeconds;
                return new BusLimits(publish, publishConsume, cpu.Seconds() * 1000 / options.LimitMessages);
            }
            finally
            {
                await bus.StopAsync();
            }
        }
        finally
        {
            await management.DeleteAsync($"vhosts/{VirtualHost}");
        }
    }

    /// <summary>
    /// Single-row commits per second with <paramref name="connections"/> connections, fsync as configured; and the CPU
    /// of one (PostgreSQL and this process's Npgsql).
    /// </summary>
    public static async Task<CommitLimit> PostgresCommitsAsync(BenchmarkOptions options, int connections, TimeSpan duration)
    {
        await using var database = NpgsqlDataSource.Create(options.Postgres("aggregator_delivery"));
        await using (var create = database.CreateCommand("CREATE TABLE IF NOT EXISTS bench_commits (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())"))
        {
            await create.ExecuteNonQueryAsync();
        }
        long commits = 0;
        // Opened before the clock and the meter start: starting 48 backends is not the price of a commit.
        var open = await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ => await database.OpenConnectionAsync()));
        var cpu = new CpuMeter(options.StateDirectory, "postgresql", SystemCounters.Benchmark);
        var deadline = Stopwatch.StartNew();
        await Task.WhenAll(open.Select(async connection =>
        {
            await using (connection)
            await using (var insert = new NpgsqlCommand("INSERT INTO bench_commits DEFAULT VALUES", connection))
            {
                while (deadline.Elapsed < duration)
                {
                    await insert.ExecuteNonQueryAsync();
                    Interlocked.Increment(ref commits);
                }
            }
        }));
        var rate = commits / deadline.Elapsed.TotalSeconds;
        var cpuMs = cpu.Seconds() * 1000 / Math.Max(commits, 1);
        await using (var drop = database.CreateCommand("DROP TABLE bench_commits"))
        {
            await drop.ExecuteNonQueryAsync();
        }
        return new CommitLimit(rate, cpuMs);
    }

    public static HttpClient Management(BenchmarkOptions options)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://{options.Host}:15672/api/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.MqUser}:{options.MqPassword}")));
        return client;
    }

    /// <summary>Runs <paramref name="count"/> operations with 64 in flight and returns operations per second.</summary>
    private static async Task<double> TimedAsync(int count, Func<int, Task> operation)
    {
        using var inFlight = new SemaphoreSlim(64);
        var clock = Stopwatch.StartNew();
        var tasks = new List<Task>(count);
        for (var n = 0; n < count; n++)
        {
            await inFlight.WaitAsync();
            var number = n;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    await operation(number);
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }
        await Task.WhenAll(tasks);
        return count / clock.Elapsed.TotalSeconds;
    }
}
