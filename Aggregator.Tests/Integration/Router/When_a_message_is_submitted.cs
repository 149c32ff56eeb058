using System.Net;
using System.Text;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Router;

[Category("Integration")]
public class When_a_message_is_submitted
{
    private Running<RouterHost> router = null!;

    private HttpClient Client => router.Client;

    [OneTimeSetUp]
    public void StartRouter() => router = Running.Router();

    [OneTimeTearDown]
    public void StopRouter() => router.Dispose();

    [Test]
    public async Task Should_refuse_the_same_content_again_and_name_the_original()
    {
        var message = SampleMessages.Email();
        var first = await Client.PostMessageAsync(message);
        var second = await Client.PostMessageAsync(message);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var original = (await first.JsonAsync()).GetProperty("messageId").GetGuid();
        Assert.Multiple(async () =>
        {
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(second.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That((await second.JsonAsync()).GetProperty("messageId").GetGuid(), Is.EqualTo(original));
        });
    }

    [Test]
    public async Task Should_answer_400_with_an_error_per_field()
    {
        var response = await Client.PostMessageAsync(new { channel = "fax", recipient = "x", body = " " });
        var problem = await response.JsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem.GetProperty("errors").TryGetProperty("channel", out _), Is.True);
            Assert.That(problem.GetProperty("errors").TryGetProperty("body", out _), Is.True);
            Assert.That(problem.GetProperty("traceId").GetString(), Does.Match("^[0-9a-f]{32}$"));
        });
    }

    [Test]
    public async Task Should_answer_400_for_malformed_json()
    {
        var response = await Client.PostAsync("/api/v1/messages", new StringContent("{\"channel\":", Encoding.UTF8, "application/json"));
        var problem = await response.JsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem.GetProperty("errors").TryGetProperty("body", out _), Is.True, problem.ToString());
        });
    }

    [Test]
    public async Task Should_answer_415_for_a_body_that_is_not_json()
    {
        var response = await Client.PostAsync("/api/v1/messages", new StringContent("hello", Encoding.UTF8, "text/plain"));
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That((await response.JsonAsync()).GetProperty("title").GetString(), Is.Not.Empty);
        });
    }

    [Test]
    public async Task Should_carry_the_callers_trace_id()
    {
        var traceId = "0af7651916cd43dd8448eb211c80319c";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages")
        {
            Content = System.Net.Http.Json.JsonContent.Create(SampleMessages.Sms()),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-b7ad6b7169203331-01");
        var response = await Client.SendAsync(request);
        Assert.That((await response.JsonAsync()).GetProperty("traceId").GetString(), Is.EqualTo(traceId));
    }
}
