using System.Net;
using Aggregator.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Aggregator.Tests.Integration;

[Category("Integration")]
[TestFixture("router", new[] { "redis", "masstransit-bus" })]
[TestFixture("delivery", new[] { "postgresql", "masstransit-bus" })]
[TestFixture("logging", new[] { "postgresql" })]
public class When_a_service_is_asked_for_health_and_metrics(string service, string[] dependencies)
{
    private IDisposable factory = null!;
    private HttpClient client = null!;

    [OneTimeSetUp]
    public void StartService()
    {
        (factory, client) = service switch
        {
            "router" => Start(new RouterHost()),
            "delivery" => Start(new DeliveryHost()),
            _ => Start(new LoggingHost()),
        };
    }

    private static (IDisposable, HttpClient) Start<T>(WebApplicationFactory<T> factory)
        where T : class => (factory, factory.CreateClient());

    [OneTimeTearDown]
    public void StopService()
    {
        client.Dispose();
        factory.Dispose();
    }

    [Test]
    public async Task Should_report_healthy_with_an_entry_per_dependency()
    {
        var response = await client.GetAsync("/health");
        var health = await response.JsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), health.ToString());
            Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(health.GetProperty("entries").EnumerateObject().Select(e => e.Name), Is.SupersetOf(dependencies));
        });
    }

    [Test]
    public async Task Should_expose_prometheus_metrics()
    {
        await client.GetAsync("/health");
        var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(text, Does.Contain("# TYPE http_server_request_duration_seconds histogram"));
        });
    }
}
