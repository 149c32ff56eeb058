using System.Net;
using System.Net.Http.Json;
using Aggregator.Contracts;
using Aggregator.Tests.Infrastructure;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Integration.Logging;

[Category("Integration")]
public class When_logs_are_searched
{
    private Running<LoggingHost> logging = null!;

    private HttpClient Client => logging.Client;

    [OneTimeSetUp]
    public void StartLogging() => logging = Running.Logging();

    [OneTimeTearDown]
    public void StopLogging() => logging.Dispose();

    private static object Entry(string traceId, string service, string level, string message, DateTimeOffset at, Guid? messageId = null) => new
    {
        timestamp = at,
        level,
        service,
        message,
        traceId,
        messageId,
        properties = new { attempt = 1 },
    };

    private Task<List<System.Text.Json.JsonElement>> SearchAsync(string query, int expected) => Client.SearchLogsAsync(query, expected);

    [Test]
    public async Task Should_return_a_traces_entries_of_every_service_in_time_order()
    {
        var traceId = LoggingApi.NewTraceId();
        var start = DateTimeOffset.UtcNow;
        await Client.PostAsJsonAsync("/api/v1/logs", new[]
        {
            Entry(traceId, "delivery", "Information", "Delivered", start.AddMilliseconds(30)),
            Entry(traceId, "router", "Information", "Accepted", start),
            Entry(traceId, "delivery", "Warning", "Attempt 1 failed", start.AddMilliseconds(10)),
        });

        await SearchAsync($"traceId={traceId}", 3);
        var trace = await (await Client.GetAsync($"/api/v1/traces/{traceId}")).JsonAsync();

        Assert.Multiple(() =>
        {
            Assert.That(trace.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("message").GetString()),
                Is.EqualTo(new[] { "Accepted", "Attempt 1 failed", "Delivered" }));
            Assert.That(trace.GetProperty("services").EnumerateArray().Select(s => s.GetString()), Is.EquivalentTo(new[] { "router", "delivery" }));
            Assert.That(trace.GetProperty("firstTimestamp").GetDateTimeOffset(), Is.EqualTo(start).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(trace.GetProperty("lastTimestamp").GetDateTimeOffset(), Is.EqualTo(start.AddMilliseconds(30)).Within(TimeSpan.FromMilliseconds(1)));
        });
    }

    [Test]
    public async Task Should_filter_by_message_service_level_and_text()
    {
        var traceId = LoggingApi.NewTraceId();
        var messageId = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow;
        var word = $"zebra{Guid.NewGuid():N}";
        await Client.PostAsJsonAsync("/api/v1/logs", new[]
        {
            Entry(traceId, "router", "Information", $"Accepted {word}", start, messageId),
            Entry(traceId, "delivery", "Warning", "Attempt failed", start.AddMilliseconds(5), messageId),
            Entry(traceId, "delivery", "Information", "Unrelated", start.AddMilliseconds(6)),
        });
        await SearchAsync($"traceId={traceId}", 3);

        Assert.Multiple(async () =>
        {
            Assert.That(await SearchAsync($"messageId={messageId}", 2), Has.Count.EqualTo(2));
            Assert.That(await SearchAsync($"traceId={traceId}&service=delivery", 2), Has.Count.EqualTo(2));
            Assert.That((await SearchAsync($"traceId={traceId}&level=warning", 1)).Single().GetProperty("message").GetString(), Is.EqualTo("Attempt failed"));
            Assert.That((await SearchAsync($"q={word}", 1)).Single().GetProperty("service").GetString(), Is.EqualTo("router"));
            Assert.That(await SearchAsync($"traceId={traceId}&from={Uri.EscapeDataString(start.AddMilliseconds(5).ToString("O"))}", 2), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Should_store_lines_from_the_bus_like_posted_ones()
    {
        var traceId = LoggingApi.NewTraceId();
        var bus = logging.Host.Services.GetRequiredService<IBus>();
        await bus.Publish(new LogEntriesShipped
        {
            Entries = [new LogEntry { Timestamp = DateTimeOffset.UtcNow, Level = "Information", Service = "delivery", Message = "From the bus", TraceId = traceId }],
        });

        Assert.That((await SearchAsync($"traceId={traceId}", 1)).Single().GetProperty("message").GetString(), Is.EqualTo("From the bus"));
    }

    [TestCase("messageId=nope", "messageId")]
    [TestCase("level=loud", "level")]
    [TestCase("from=yesterday", "from")]
    [TestCase("limit=0", "limit")]
    public async Task Should_answer_400_naming_a_bad_filter(string query, string field)
    {
        var response = await Client.GetAsync($"/api/v1/logs?{query}");
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), Is.True);
        });
    }

    [Test]
    public async Task Should_answer_404_for_an_unknown_trace()
    {
        var traceId = LoggingApi.NewTraceId();
        var response = await Client.GetAsync($"/api/v1/traces/{traceId}");
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That((await response.JsonAsync()).GetProperty("detail").GetString(), Does.Contain(traceId));
        });
    }

    [Test]
    public async Task Should_refuse_a_batch_larger_than_the_queue_with_503()
    {
        using var small = new LoggingHost(new Dictionary<string, string?> { ["LogStore:QueueCapacity"] = "100" });
        using var smallClient = small.CreateClient();
        var traceId = LoggingApi.NewTraceId();
        var batch = Enumerable.Range(0, 150).Select(i => Entry(traceId, "router", "Information", $"line {i}", DateTimeOffset.UtcNow)).ToArray();

        var response = await smallClient.PostAsJsonAsync("/api/v1/logs", batch);
        // A line posted after the refused batch is stored after anything of it would have been.
        await smallClient.PostAsJsonAsync("/api/v1/logs", new[] { Entry(traceId, "router", "Information", "sentinel", DateTimeOffset.UtcNow) });
        var stored = await smallClient.SearchLogsAsync($"traceId={traceId}", 1);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(response.Headers.RetryAfter, Is.Not.Null);
            Assert.That(stored.Select(e => e.GetProperty("message").GetString()), Is.EqualTo(new[] { "sentinel" }), "lines of the refused batch were stored");
        });
    }

    [TestCase("traceId")]
    [TestCase("service")]
    [TestCase("q")]
    public async Task Should_answer_400_for_a_filter_no_store_can_compare_against(string filter)
    {
        using var nul = await Client.GetAsync($"/api/v1/logs?{filter}=a%00b");
        using var surrogate = await Client.GetAsync($"/api/v1/logs?{filter}=%ED%A0%80");

        Assert.Multiple(async () =>
        {
            Assert.That(nul.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await nul.JsonAsync()).GetProperty("errors").GetProperty(filter)[0].GetString(), Does.Contain("NUL"));
            Assert.That(surrogate.StatusCode, Is.Not.EqualTo(HttpStatusCode.InternalServerError));
        });
    }
}
