using System.Net;
using System.Net.Http.Json;
using Aggregator.ServiceDefaults.Security;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Router;

[Category("Integration")]
public class When_a_client_is_checked
{
    private static readonly string Key = TestApiKeys.Secret("billing");

    private static Dictionary<string, string?> WithApiKey() => TestApiKeys.Settings(("billing", [Roles.Submit]));

    private static HttpRequestMessage Post(object message, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages") { Content = JsonContent.Create(message) };
        if (apiKey is not null)
        {
            request.Headers.Add(ApiKeyRing.Header, apiKey);
        }
        return request;
    }

    [Test]
    public async Task Should_refuse_a_missing_or_wrong_api_key_and_take_the_right_one()
    {
        using var router = new RouterHost(WithApiKey());
        using var client = router.CreateClient();

        var missing = await client.SendAsync(Post(SampleMessages.Sms()));
        var wrong = await client.SendAsync(Post(SampleMessages.Sms(), "not-the-key"));
        var right = await client.SendAsync(Post(SampleMessages.Sms(), Key));

        Assert.Multiple(async () =>
        {
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(missing.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(wrong.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That((await right.JsonAsync()).GetProperty("messageId").GetGuid(), Is.Not.EqualTo(Guid.Empty));
        });
    }

    [Test]
    public async Task Should_answer_429_with_retry_after_once_the_bucket_is_empty()
    {
        using var router = new RouterHost(new Dictionary<string, string?>
        {
            ["RateLimit:PermitsPerSecond"] = "1",
            ["RateLimit:Burst"] = "2",
        });
        using var client = router.CreateClient();

        // Sent until one is limited: on two busy cores a request may take longer than the bucket takes to refill one permit.
        var responses = new List<HttpResponseMessage>();
        do
        {
            responses.Add(await client.SendAsync(Post(SampleMessages.Sms())));
        }
        while (responses[^1].StatusCode != HttpStatusCode.TooManyRequests && responses.Count < 20);
        var limited = responses[^1];

        Assert.Multiple(() =>
        {
            Assert.That(responses, Has.Count.GreaterThanOrEqualTo(3), "limited before the burst of two was used");
            Assert.That(responses.SkipLast(1).Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.Accepted));
            Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(limited.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        });
    }

    [Test]
    public async Task Should_continue_the_trace_named_by_x_trace_id()
    {
        using var router = new RouterHost();
        using var client = router.CreateClient();
        var traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var request = Post(SampleMessages.Sms());
        request.Headers.Add("X-Trace-Id", traceId);

        var response = await client.SendAsync(request);
        Assert.That((await response.JsonAsync()).GetProperty("traceId").GetString(), Is.EqualTo(traceId));
    }

    [TestCase("traceparent", "00-not-hex-at-all-01")]
    [TestCase("traceparent", "00-00000000000000000000000000000000-0000000000000000-01")]
    [TestCase("traceparent", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-and-more")]
    [TestCase("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
    [TestCase("tracestate", "=,=,,,é")]
    [TestCase("baggage", "=;;%zz,k=%,=v")]
    [TestCase("X-Trace-Id", "4BF92F3577B34DA6A3CE929D0E0E4736")]
    [TestCase("X-Trace-Id", "00000000000000000000000000000000")]
    [TestCase("X-Trace-Id", "not a trace id at all, é")]
    public async Task Should_take_the_message_whatever_the_trace_headers_hold(string header, string value)
    {
        using var router = new RouterHost();
        using var client = router.CreateClient();
        var request = Post(SampleMessages.Sms());
        request.Headers.TryAddWithoutValidation(header, value);
        request.Headers.TryAddWithoutValidation(header, value + new string('9', 8 * 1024));

        var response = await client.SendAsync(request);
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
            Assert.That((await response.JsonAsync()).GetProperty("traceId").GetString(), Does.Match("^[0-9a-f]{32}$"));
        });
    }

    [Test]
    public async Task Should_mask_recipients_and_never_log_bodies()
    {
        using var router = new RouterHost(new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" });
        using var client = router.CreateClient();
        var body = $"Secret body {Guid.NewGuid():N}";

        await client.PostMessageAsync(new { channel = "email", recipient = "jane.doe@example.com", body });
        await client.PostMessageAsync(new { channel = "email", recipient = "jane.doe@example.com", body });
        var lines = router.Logs.Lines;

        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Some.Contains("j***@example.com"));
            Assert.That(lines, Has.None.Contains("jane.doe@example.com"));
            Assert.That(lines, Has.None.Contains(body));
        });
    }
}
