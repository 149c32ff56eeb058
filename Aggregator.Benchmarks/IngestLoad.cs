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

/// <summary>POSTs unique messages to the Router, closed-loop (as fast as N clients go) or open-loop (at a fixed rate).</summary>
public sealed class IngestLoad(BenchmarkOptions options, string run)
{
    private static readonly string[] Channels = ["email", "sms", "whatsapp"];
    private readonly HttpClient http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = options.Router,
        Timeout = TimeSpan.FromSeconds(30),
    };
    private int sequence;

    public object NextMessage(string? simulate = null)
    {
        var n = Interlocked.Increment(ref sequence);
        var channel = Channels[n % Channels.Length];
        var recipient = channel == "email" ? $"user{n}@example.com" : $"+1415{n % 10_000_000:0000000}";
        var body = $"Benchmark {run} message {n}";
        return simulate is null
            ? new { channel, recipient, body }
            : new { channel, recipient, body, metadata = new { simulate } };
    }

    public async Task<IngestResult> ClosedLoopAsync(int clients, TimeSpan duration, int? maxMessages = null, Func<int, string?>? simulate = null)
    {
        var samples = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<int, int>();
        var ids = new ConcurrentBag<Guid>();
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var issued = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref issued);
                if (maxMessages is { } max && n > max)
                {
                    return;
                }
                await SendAsync(NextMessage(simulate?.Invoke(n)), samples, statuses, ids);
            }
        }));
        return new IngestResult(ids.Count / clock.Elapsed.TotalSeconds, Latencies.Of(samples), statuses, ids.ToList(), started);
    }

    public async Task<IngestResult> OpenLoopAsync(double perSecond, TimeSpan duration, Func<int, string?>? simulate = null)
    {
        var samples = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<int, int>();
        var ids = new ConcurrentBag<Guid>();
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
                requests.Add(SendAsync(NextMessage(simulate?.Invoke(sent + 1)), samples, statuses, ids));
            }
        }
        await Task.WhenAll(requests);
        return new IngestResult(ids.Count / duration.TotalSeconds, Latencies.Of(samples), statuses, ids.ToList(), started);
    }

    private async Task SendAsync(object message, ConcurrentBag<double> samples, ConcurrentDictionary<int, int> statuses, ConcurrentBag<Guid> ids)
    {
        var started = Stopwatch.GetTimestamp();
        int status;
        try
        {
            using var response = await http.PostAsJsonAsync("/api/v1/messages", message);
            status = (int)response.StatusCode;
            if (status == 202)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                ids.Add(body.RootElement.GetProperty("messageId").GetGuid());
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
        statuses.AddOrUpdate(status, 1, (_, count) => count + 1);
    }
}
