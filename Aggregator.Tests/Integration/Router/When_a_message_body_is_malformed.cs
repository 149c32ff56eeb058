using System.Net;
using System.Text;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Router;

/// <summary>Every way a body can be wrong gets its own 4xx with problem details; none is ever a 500.</summary>
[Category("Integration")]
public class When_a_message_body_is_malformed
{
    private Running<RouterHost> router = null!;

    private HttpClient Client => router.Client;

    [OneTimeSetUp]
    public void StartRouter() => router = Running.Router();

    [OneTimeTearDown]
    public void StopRouter() => router.Dispose();

    private Task<HttpResponseMessage> PostAsync(byte[] body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return Client.PostAsync("/api/v1/messages", content);
    }

    private Task<HttpResponseMessage> PostAsync(string body, string contentType = "application/json") =>
        PostAsync(Encoding.UTF8.GetBytes(body), contentType);

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(status), text);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            if (field is not null)
            {
                Assert.That((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), Is.True, text);
            }
        });
    }

    [TestCase("{\"channel\":", "body")]
    [TestCase("null", "body")]
    [TestCase("[1,2,3]", "body")]
    [TestCase("\"text\"", "body")]
    [TestCase("", "body")]
    [TestCase("{\"channel\":5,\"recipient\":\"+14155552671\",\"body\":\"x\"}", "channel")]
    [TestCase("{\"channel\":\"sms\",\"recipient\":[\"+14155552671\"],\"body\":\"x\"}", "recipient")]
    [TestCase("{\"channel\":\"sms\",\"recipient\":\"+14155552671\",\"body\":{\"text\":\"x\"}}", "body")]
    [TestCase("{\"channel\":\"email\",\"recipient\":\"a@example.com\",\"subject\":7,\"body\":\"x\"}", "subject")]
    [TestCase("{\"channel\":\"sms\",\"recipient\":\"+14155552671\",\"body\":\"x\",\"metadata\":\"tag\"}", "metadata")]
    [TestCase("{\"channel\":null,\"recipient\":null,\"body\":null}", "channel")]
    [TestCase("{\"channel\":\"sms\",\"body\":\"x\"}", "recipient")]
    [TestCase("{\"channel\":\"sms\",\"recipient\":\"+14155552671\",\"body\":\"x\",\"metadata\":{\"a\":1,\"A\":2}}", "metadata")]
    [TestCase("{\"channel\":\"email\",\"recipient\":null,\"body\":\"x\"}", "recipient")]
    [TestCase("{\"channel\":\"sms\",\"channel\":\"email\",\"recipient\":\"+14155552671\",\"body\":\"x\"}", "body")]
    [TestCase("{\"channel\":\"sms\",\"recipient\":\"+14155552671\",\"body\":\"x\",\"metadata\":{\"a\":1,\"a\":2}}", "body")]
    public async Task Should_answer_400_naming_the_field(string body, string field) =>
        await AssertProblem(await PostAsync(body), HttpStatusCode.BadRequest, field);

    [Test]
    public async Task Should_answer_400_for_deep_nesting() =>
        await AssertProblem(
            await PostAsync("{\"channel\":\"sms\",\"recipient\":\"+14155552671\",\"body\":\"x\",\"metadata\":" + new string('[', 200) + new string(']', 200) + "}"),
            HttpStatusCode.BadRequest, "body");

    [Test]
    public async Task Should_answer_400_for_invalid_utf8()
    {
        var body = Encoding.UTF8.GetBytes("{\"channel\":\"sms\",\"recipient\":\"+14155552671\",\"body\":\"AB\"}");
        body[^3] = 0xC3;
        body[^4] = 0xFF;
        await AssertProblem(await PostAsync(body), HttpStatusCode.BadRequest, "body");
    }

    [Test]
    public async Task Should_answer_413_past_256_KiB() =>
        await AssertProblem(
            await PostAsync($"{{\"channel\":\"email\",\"recipient\":\"a@example.com\",\"body\":\"{new string('x', 256 * 1024)}\"}}"),
            HttpStatusCode.RequestEntityTooLarge);

    [TestCase("text/plain")]
    [TestCase("application/xml")]
    [TestCase("application/json; charset=iso-8859-1")]
    [TestCase("")]
    public async Task Should_answer_415_for_anything_but_utf8_json(string contentType) =>
        await AssertProblem(await PostAsync("{}", contentType), HttpStatusCode.UnsupportedMediaType);
}
