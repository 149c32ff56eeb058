using System.Net;
using System.Net.Http.Json;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Logging;

[Category("Integration")]
public class When_logs_are_posted
{
    private Running<LoggingHost> logging = null!;

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
    public async Task Should_answer_413_with_problem_details_to_a_body_over_the_limit()
    {
        // The limit is the server's own (Kestrel's per-request body size), which the in-memory test server does not have.
        using var kestrel = new LoggingHost(new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:0" });
        kestrel.UseKestrel(0);
        using var client = kestrel.CreateClient();
        // As curl does for large bodies: the server can answer before the body is sent, instead of cutting the upload off.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/logs")
        {
            Content = JsonContent.Create(Entry(new string('x', (int)Aggregator.Logging.Apis.LogsApi.MaxBodyBytes))),
        };
        await request.Content.LoadIntoBufferAsync();
        request.Headers.ExpectContinue = true;

        var response = await client.SendAsync(request);
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That((await response.JsonAsync()).GetProperty("status").GetInt32(), Is.EqualTo(413));
        });
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
