using System.Net;
using System.Net.Http.Json;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Logging;

[Category("Integration")]
public class When_logs_are_posted
{
    private Running<Aggregator.Logging.Apis.LogsAccepted> logging = null!;

    private HttpClient Client => logging.Client;

    [OneTimeSetUp]
    public void StartLogging() => logging = Running.Logging();

    [OneTimeTearDown]
    public void StopLogging() => logging.Dispose();

    private static object Entry(string message) => new
    {
        timestamp = DateTimeOffset.UtcNow,
        level = "Information",
        service = "router",
        message,
        traceId = "0af7651916cd43dd8448eb211c80319c",
    };

    [Test]
    public async Task Should_accept_an_array_of_entries()
    {
        var response = await Client.PostAsJsonAsync("/api/v1/logs", new[] { Entry("one"), Entry("two") });
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That((await response.JsonAsync()).GetProperty("accepted").GetInt32(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Should_accept_a_single_entry()
    {
        var response = await Client.PostAsJsonAsync("/api/v1/logs", Entry("one"));
        Assert.That((await response.JsonAsync()).GetProperty("accepted").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_name_the_malformed_entries()
    {
        var response = await Client.PostAsJsonAsync("/api/v1/logs", new object[] { Entry("fine"), new { level = "Information" } });
        var problem = await response.JsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { "[1]" }));
        });
    }
}
