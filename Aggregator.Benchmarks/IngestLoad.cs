using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aggregator.Benchmarks;

/// <summary>What a load against the Router gave: accepted per second, latencies of the accepted, statuses seen.</summary>
public sealed record IngestResult(
    double AcceptedPerSecond,
    Latencies Latency,
    IReadOnlyDictionary<int, int> Statuses,
    [property: JsonIgnore] IReadOnlyList<Guid> MessageIds,
    DateTimeOffset Started);

/// <summary>
/// POSTs unique messages to the Router, closed-loop (as fast as N clients go: one message per request, or batches) or
/// open-loop (at a fixed rate).
/// </summary>
public sealed class IngestLoad(BenchmarkOptions options, string run)
{
    private static readonly string[] Channels = ["email", "sms", "whatsapp"];
    private readonly HttpClient http = Router(options);
    private int sequence;

    private static HttpClient Router(BenchmarkOptions options)
    {
        var client = options.Client(options.Router, new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        client.Timeout = TimeSpan.FromSeconds(30);
        return client;
    }

    public object NextMessage(string? simulate = null, string? priority = null)
    {
        var n = Interlocked.Increment(ref sequence);
        var channel = Channels[n % Channels.Length];
        var recipient = channel == "email" ? $"user{n}@example.com" : $"+1415{n % 10_000_000:0000000}";
        var body = $"Benchmark {run} message {n}";
        return (simulate, priority) switch
        {
            (null, null) => new { channel, recipient, body },
            (null, _) => new { channel, recipient, body, priority },
            _ => new { channel, recipient, body, metadata = new { simulate } },
        };
    }

    /// <summary>Single requests, one message each; <paramref name="maxMessages"/> stops it early.</summary>
    public Task<IngestResult> ClosedLoopAsync(int clients, TimeSpan duration, int? maxMessages = null, Func<int, string?>? simulate = null) =>
        RunClosedLoopAsync(clients, duration, maxMessages, (n, tally) => SendAsync(NextMessage(simulate?.Invoke(n)), tally));

    /// <summary>Batch requests of <paramref name="size"/> messages each; a message's latency is its batch's; <paramref name="maxBatches"/> stops it early.</summary>
    public Task<IngestResult> BatchClosedLoopAsync(int clients, TimeSpan duration, int size, int? maxBatches = null, string? simulate = null) =>
        RunClosedLoopAsync(clients, duration, maxBatches, (_, tally) => SendBatchAsync(Enumerable.Range(0, size).Select(_ => NextMessage(simulate)).ToArray(), tally));

    /// <summary>One high-priority message, alone; its id.</summary>
    public async Task<Guid> SubmitHighAsync()
    {
        var result = await RunClosedLoopAsync(1, TimeSpan.FromSeconds(30), 1, (_, tally) => SendAsync(NextMessage(priority: "high"), tally));
        return result.MessageIds.Single();
    }

    private static async Task<IngestResult> RunClosedLoopAsync(int clients, TimeSpan duration, int? maxRequests, Func<int, Tally, Task> send)
    {
        var tally = new Tally();
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var issued = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref issued);
                if (maxRequests is { } max && n > max)
                {
                    return;
                }
                await send(n, tally);
            }
        }));
        return tally.Result(clock.Elapsed, started);
    }

    public async Task<IngestResult> OpenLoopAsync(double perSecond, TimeSpan duration, Func<int, string?>? simulate = null)
    {
        var tally = new Tally();
        var requests = new List<Task>();
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var sent = 0;
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        while (clock.Elapsed < duration && await tick.WaitForNextTickAsync())
        {
            var due = (int)(clock.Elapsed.TotalSeconds * perSecond);
            for (; sent < due; sent++)
            {
                requests.Add(SendAsync(NextMessage(simulate?.Invoke(sent + 1)), tally));
            }
        }
        await Task.WhenAll(requests);
        return tally.Result(duration, started);
    }

    private Task SendAsync(object message, Tally tally) =>
        PostAsync("/api/v1/messages", message, 202, tally, accepted =>
        {
            tally.Ids.Add(accepted.GetProperty("messageId").GetGuid());
            tally.Count(202);
        });

    private Task SendBatchAsync(object[] messages, Tally tally) =>
        PostAsync("/api/v1/messages/batch", new { messages }, 200, tally, answer =>
        {
            foreach (var item in answer.GetProperty("items").EnumerateArray())
            {
                var status = item.GetProperty("status").GetInt32();
                if (status == 202)
                {
                    tally.Ids.Add(item.GetProperty("messageId").GetGuid());
                }
                tally.Count(status);
            }
        });

    /// <summary>
    /// One request: its latency when it got <paramref name="success"/> (whose body <paramref name="read"/> counts),
    /// else its status (0: no connection, -1: timed out).
    /// </summary>
    private async Task PostAsync(string path, object body, int success, Tally tally, Action<JsonElement> read)
    {
        var started = Stopwatch.GetTimestamp();
        int status;
        try
        {
            using var response = await http.PostAsJsonAsync(path, body);
            status = (int)response.StatusCode;
            if (status == success)
            {
                tally.Samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                read(answer.RootElement);
                return;
            }
        }
        catch (HttpRequestException)
        {
            status = 0;
        }
        catch (TaskCanceledException)
        {
            status = -1;
        }
        tally.Count(status);
    }

    /// <summary>What one load collects, from many requests at once.</summary>
    private sealed class Tally
    {
        public ConcurrentBag<double> Samples { get; } = [];

        public ConcurrentDictionary<int, int> Statuses { get; } = new();

        public ConcurrentBag<Guid> Ids { get; } = [];

        public void Count(int status) => Statuses.AddOrUpdate(status, 1, (_, count) => count + 1);

        public IngestResult Result(TimeSpan elapsed, DateTimeOffset started) =>
            new(Ids.Count / elapsed.TotalSeconds, Latencies.Of(Samples), Statuses, Ids.ToList(), started);
    }
}

/// <summary>The batch-ingest phase: batches of <paramref name="Size"/> from <paramref name="Clients"/> clients, and how its rate compares with single requests'.</summary>
public sealed record BatchIngest(int Size, int Clients, IngestResult ClosedLoop, double RatioToSingle);
