using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.Tests.Infrastructure;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Integration.Logging;

/// <summary>PostgreSQL's text and jsonb refuse NUL, and jsonb refuses lone surrogates: such a line once stopped the store for every line after it.</summary>
[Category("Integration")]
public class When_log_lines_hold_characters_a_store_cannot_take
{
    private Running<LoggingHost> logging = null!;

    private HttpClient Client => logging.Client;

    [OneTimeSetUp]
    public void StartLogging() => logging = Running.Logging();

    [OneTimeTearDown]
    public void StopLogging() => logging.Dispose();

    private Task<HttpResponseMessage> PostPlainLineAsync(string traceId) => Client.PostAsJsonAsync("/api/v1/logs", new
    {
        timestamp = DateTimeOffset.UtcNow.AddSeconds(1),
        level = "Information",
        service = "router",
        message = "a plain line after it",
        traceId,
    });

    private Task<List<JsonElement>> TraceAsync(string traceId, int expected) => Client.SearchLogsAsync($"traceId={traceId}", expected);

    [Test]
    public async Task Should_store_a_line_with_nul_characters_replaced_and_the_lines_after_it()
    {
        var traceId = LoggingApi.NewTraceId();
        var posted = await Client.PostRawLogsAsync($$$"""
            {"timestamp":"{{{DateTimeOffset.UtcNow:O}}}","level":"Information","service":"router","message":"before\u0000after","traceId":"{{{traceId}}}",
             "properties":{"recipient\u0000":"j\u0000@example.com"}}
            """);
        await PostPlainLineAsync(traceId);

        var stored = await TraceAsync(traceId, 2);
        Assert.Multiple(() =>
        {
            Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(stored.Select(e => e.GetProperty("message").GetString()), Is.EqualTo(new[] { "before\uFFFDafter", "a plain line after it" }));
            Assert.That(stored[0].GetProperty("properties").GetProperty("recipient\uFFFD").GetString(), Is.EqualTo("j\uFFFD@example.com"));
        });
    }

    [Test]
    public async Task Should_store_a_line_with_lone_surrogate_escapes_replaced_and_the_lines_after_it()
    {
        var traceId = LoggingApi.NewTraceId();
        var posted = await Client.PostRawLogsAsync($$$"""
            [{"timestamp":"{{{DateTimeOffset.UtcNow:O}}}","level":"Information","service":"router","message":"lone \ud800 high","traceId":"{{{traceId}}}",
              "properties":{"key\udc00":"lone \udfff low","nested":{"list":["\ud800"] } } } ]
            """);
        await PostPlainLineAsync(traceId);

        var stored = await TraceAsync(traceId, 2);
        Assert.Multiple(() =>
        {
            Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(stored.Select(e => e.GetProperty("message").GetString()), Is.EqualTo(new[] { "lone \uFFFD high", "a plain line after it" }));
            Assert.That(stored[0].GetProperty("properties").GetProperty("key\uFFFD").GetString(), Is.EqualTo("lone \uFFFD low"));
            Assert.That(stored[0].GetProperty("properties").GetProperty("nested").GetProperty("list")[0].GetString(), Is.EqualTo("\uFFFD"));
        });
    }

    [Test]
    public async Task Should_store_a_line_from_the_bus_as_it_stores_the_same_line_posted()
    {
        var postedTrace = LoggingApi.NewTraceId();
        var shippedTrace = LoggingApi.NewTraceId();
        LogEntry Line(string traceId) => new()
        {
            Timestamp = DateTimeOffset.UtcNow,
            Level = "Warning",
            Service = "delivery",
            Message = "from\0anywhere" + new string('x', 40_000),
            TraceId = traceId,
            Properties = new Dictionary<string, JsonElement> { ["body\0"] = JsonSerializer.SerializeToElement("nul\0inside") },
        };

        await Client.PostAsJsonAsync("/api/v1/logs", Line(postedTrace));
        await logging.Host.Services.GetRequiredService<IBus>().Publish(new LogEntriesShipped { Entries = [Line(shippedTrace)] });

        var posted = (await TraceAsync(postedTrace, 1)).Single();
        var shipped = (await TraceAsync(shippedTrace, 1)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(shipped.GetProperty("message").GetString(), Is.EqualTo(posted.GetProperty("message").GetString()));
            Assert.That(shipped.GetProperty("message").GetString(), Does.StartWith("from\uFFFDanywhere").And.EndWith("…[truncated]"));
            Assert.That(shipped.GetProperty("properties").GetRawText(), Is.EqualTo(posted.GetProperty("properties").GetRawText()));
            Assert.That(shipped.GetProperty("properties").GetProperty("body\uFFFD").GetString(), Is.EqualTo("nul\uFFFDinside"));
        });
    }
}
