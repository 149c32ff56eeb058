using System.Net;
using Aggregator.ServiceDefaults.Logging;
using Aggregator.Tests.Infrastructure;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;
using Serilog.Parsing;
using WireMock.RequestBuilders;
using Response = WireMock.ResponseBuilders.Response;
using WireMock.Server;

namespace Aggregator.Tests.Integration.Logging;

/// <summary>
/// A service's log shipper while the Logging service's HTTP API cannot take a batch: the batch goes over the bus, and
/// the Logging service stores it from its queue like a posted one. The Logging service here is real (its bus consumer
/// and store); only its HTTP address is one that refuses or fails.
/// </summary>
[Category("Integration")]
public class When_the_logging_service_is_away
{
    private Running<LoggingHost> logging = null!;

    [OneTimeSetUp]
    public void StartLogging() => logging = Running.Logging();

    [OneTimeTearDown]
    public void StopLogging() => logging.Dispose();

    private IBus Bus => logging.Host.Services.GetRequiredService<IBus>();

    [Test]
    public async Task Should_ship_over_the_bus_when_nothing_answers_and_store_the_lines()
    {
        var traceId = LoggingApi.NewTraceId();
        using var refused = new HttpClient { BaseAddress = FreePorts.RefusingAddress() };

        await new LogShipper(refused, () => Bus).EmitBatchAsync([Event(traceId, "first"), Event(traceId, "second")]);
        var stored = await logging.Client.SearchLogsAsync($"traceId={traceId}", 2);

        Assert.That(stored.Select(e => e.GetProperty("message").GetString()), Is.EquivalentTo(new[] { "first", "second" }));
    }

    [Test]
    public async Task Should_ship_over_the_bus_when_the_api_answers_503()
    {
        using var failing = WireMockServer.Start();
        failing.Given(Request.Create().WithPath("/api/v1/logs")).RespondWith(Response.Create().WithStatusCode(503));
        using var http = new HttpClient { BaseAddress = new Uri(failing.Url!) };
        var traceId = LoggingApi.NewTraceId();

        await new LogShipper(http, () => Bus).EmitBatchAsync([Event(traceId, "during back-pressure")]);

        Assert.That(await logging.Client.SearchLogsAsync($"traceId={traceId}", 1), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Should_not_use_the_bus_while_the_api_takes_the_batch()
    {
        var traceId = LoggingApi.NewTraceId();
        var busAsked = false;

        await new LogShipper(logging.Client, () => { busAsked = true; return Bus; }).EmitBatchAsync([Event(traceId, "posted")]);

        Assert.Multiple(async () =>
        {
            Assert.That(await logging.Client.SearchLogsAsync($"traceId={traceId}", 1), Has.Count.EqualTo(1));
            Assert.That(busAsked, Is.False);
        });
    }

    [Test]
    public void Should_leave_a_refused_batch_to_serilogs_retry_instead_of_the_bus()
    {
        using var refusing = WireMockServer.Start();
        refusing.Given(Request.Create().WithPath("/api/v1/logs")).RespondWith(Response.Create().WithStatusCode(400));
        using var http = new HttpClient { BaseAddress = new Uri(refusing.Url!) };
        var busAsked = false;

        var failure = Assert.ThrowsAsync<HttpRequestException>(() =>
            new LogShipper(http, () => { busAsked = true; return Bus; }).EmitBatchAsync([Event(LoggingApi.NewTraceId(), "refused")]));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(busAsked, Is.False, "a batch the Logging service refuses would be refused from the bus too");
        });
    }

    private static LogEvent Event(string traceId, string message) => new(
        DateTimeOffset.UtcNow,
        LogEventLevel.Information,
        null,
        new MessageTemplateParser().Parse(message),
        [new LogEventProperty("service", new ScalarValue("delivery")), new LogEventProperty("traceId", new ScalarValue(traceId))]);
}
