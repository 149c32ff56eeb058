using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Aggregator.Benchmarks;

/// <summary>The end-to-end phase again with one webhook endpoint registered for the benchmark's key: what status events cost.</summary>
public sealed record WebhookResult(EndToEndResult EndToEnd, int EventsReceived, IReadOnlyDictionary<string, double> CpuMsPerDelivered);

public static class WebhookPhase
{
    private static readonly string[] Events = ["message.delivered", "message.retrying", "message.failed"];

    public static IEnumerable<KeyValuePair<string, double>> Figures(WebhookResult? result) =>
        result is null ? [] : [new("CPU ms per delivered, one webhook endpoint", result.CpuMsPerDelivered.Values.Sum())];

    public static string Render(WebhookResult? result, double cpuTarget)
    {
        if (result is null)
        {
            return "";
        }
        var total = result.CpuMsPerDelivered.Values.Sum();
        var perProcess = string.Join(", ", result.CpuMsPerDelivered.OrderBy(p => p.Key).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:0.00}")));
        return string.Create(CultureInfo.InvariantCulture, $"""
            ## With one webhook endpoint registered

            | measure | value | target |
            | --- | ---: | --- |
            | delivered | {result.EndToEnd.Delivered:N0} of {result.EndToEnd.Messages:N0} at {result.EndToEnd.DeliveredPerSecond:N0} msg/s, {result.EventsReceived:N0} events received | all |
            | CPU ms per delivered | {total:0.00} ms ({total / cpuTarget:P0} of target {cpuTarget} ms in total); {perProcess} | ≤ {cpuTarget} ms {(total <= cpuTarget ? "✅" : "❌")} |

            """);
    }

    public static async Task<WebhookResult> MeasureAsync(BenchmarkOptions options, IngestLoad load, int messages, Action<string> progress)
    {
        using var receiver = new WebhookReceiver();
        using var delivery = options.Client(options.Delivery);
        using var registered = await delivery.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = Events });
        if (!registered.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The webhook was not registered ({(int)registered.StatusCode}): {await registered.Content.ReadAsStringAsync()}");
        }
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        try
        {
            var before = await SystemCounters.ReadAsync(options, options.StateDirectory);
            var submitted = await load.ClosedLoopAsync(options.Concurrency, TimeSpan.FromMinutes(10), messages, _ => null);
            var result = await EndToEnd.MeasureAsync(options, submitted, TimeSpan.FromSeconds(60 + messages / 50.0), progress);
            // The events' own deliveries are part of the cost: counted once they have reached the receiver.
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (receiver.Received < result.Delivered && DateTime.UtcNow < deadline && await pace.WaitForNextTickAsync())
            {
            }
            progress($"webhook: {receiver.Received} events received for {result.Delivered} delivered");
            await Task.Delay(TimeSpan.FromSeconds(2)); // statistics reach pg_stat_database and the management API a moment late
            var used = (await SystemCounters.ReadAsync(options, options.StateDirectory)).Since(before);
            var delivered = Math.Max(1, result.Delivered);
            return new WebhookResult(result, receiver.Received, used.CpuSeconds.ToDictionary(p => p.Key, p => p.Value * 1000 / delivered));
        }
        finally
        {
            using var _ = await delivery.DeleteAsync($"/api/v1/webhooks/{id}");
        }
    }
}
