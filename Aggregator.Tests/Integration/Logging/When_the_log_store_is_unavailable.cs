using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.Tests.Infrastructure;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Integration.Logging;

/// <summary>
/// PostgreSQL goes away and comes back while lines keep arriving; the shared server is never touched: the Logging
/// service reaches it through the spec's own fault proxy.
/// </summary>
[Category("Integration")]
public class When_the_log_store_is_unavailable
{
    private static object Line(string traceId, int number) => new
    {
        timestamp = DateTimeOffset.UtcNow,
        level = "Information",
        service = "router",
        message = $"line {number}",
        traceId,
    };

    private static async Task<JsonElement> HealthWhenAsync(HttpClient client, string logStoreStatus) =>
        await Eventually.Get(async () =>
        {
            var health = await (await client.GetAsync("/health")).JsonAsync();
            return (health.GetProperty("entries").GetProperty("log-store").GetProperty("status").GetString() == logStoreStatus, health);
        }, TimeSpan.FromSeconds(20), $"/health to report the log store {logStoreStatus}");

    [Test]
    public async Task Should_keep_every_line_sent_meanwhile_answer_503_once_the_queue_is_full_and_store_them_all_afterwards()
    {
        await using var postgres = await ProxiedServers.PostgresAsync();
        using var logging = new LoggingHost(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Logging"] = postgres.Postgres(TestRun.LoggingDatabase),
            ["LogStore:QueueCapacity"] = "100",
            ["LogStore:BatchSize"] = "10",
            ["LogStore:RetryPauseLimit"] = "00:00:00.500",
        });
        using var client = logging.CreateClient();
        var traceId = LoggingApi.NewTraceId();

        postgres.Refuse();
        var accepted = 0;
        HttpResponseMessage? full = null;
        for (var batch = 0; batch < 20 && full is null; batch++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/logs", Enumerable.Range(batch * 10, 10).Select(i => Line(traceId, i)).ToArray());
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted += 10;
            }
            else
            {
                full = response;
            }
        }
        await logging.Services.GetRequiredService<IBus>().Publish(new LogEntriesShipped
        {
            Entries = [new LogEntry { Timestamp = DateTimeOffset.UtcNow, Level = "Information", Service = "delivery", Message = "shipped while full", TraceId = traceId }],
        });
        var duringOutage = await HealthWhenAsync(client, "Unhealthy");
        using var search = await client.GetAsync($"/api/v1/logs?traceId={traceId}");
        postgres.Pass();
        var stored = await client.SearchLogsAsync($"traceId={traceId}&limit=1000", accepted + 1, TimeSpan.FromSeconds(30));
        await HealthWhenAsync(client, "Healthy");

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.EqualTo(100), "the queue takes LogStore:QueueCapacity lines while the store is away");
            Assert.That(full?.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(full?.Headers.RetryAfter, Is.Not.Null);
            Assert.That(duringOutage.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
            Assert.That(search.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "a search while the store is away");
            Assert.That(stored.Select(e => e.GetProperty("message").GetString()),
                Is.EquivalentTo(Enumerable.Range(0, accepted).Select(i => $"line {i}").Append("shipped while full")), "each once, the shipped batch too");
        });
    }
}
