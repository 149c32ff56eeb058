using System.Net;
using System.Text;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Router;

/// <summary>
/// Text that PostgreSQL or a UTF-8 encoder would refuse later is refused now, with a 400 naming the field, and leaves
/// no claim behind: the same content without the bad character is then accepted, not a duplicate.
/// </summary>
[Category("Integration")]
public class When_a_message_holds_text_no_store_can_hold
{
    private static readonly Dictionary<string, string> Normal = new()
    {
        ["channel"] = "email",
        ["recipient"] = "jane@example.com",
        ["subject"] = "Hey you",
        ["body"] = "Hello",
        ["metadata key"] = "orderId",
        ["metadata value"] = "A-1",
    };

    private Running<RouterHost> router = null!;

    [OneTimeSetUp]
    public void StartRouter() => router = Running.Router();

    [OneTimeTearDown]
    public void StopRouter() => router.Dispose();

    private static IEnumerable<TestCaseData> Cases() =>
        from field in Normal.Keys
        from escape in new[] { @"\u0000", @"\ud800", @"\udc00" }
        from atEnd in new[] { false, true }
        select new TestCaseData(field, escape, atEnd).SetArgDisplayNames(field, escape, atEnd ? "at the end" : "followed by text");

    /// <summary>The message with <paramref name="value"/> (raw JSON string content) in <paramref name="field"/>, the normal values elsewhere.</summary>
    private static string Json(string field, string value, string unique)
    {
        string Text(string name) => name == field ? value : Normal[name];
        return $$$"""
            {"channel":"{{{Text("channel")}}}","recipient":"{{{Text("recipient")}}}","subject":"{{{Text("subject")}}}",
             "body":"{{{Text("body")}}} {{{unique}}}","metadata":{"{{{Text("metadata key")}}}":"{{{Text("metadata value")}}}"}}
            """;
    }

    private Task<HttpResponseMessage> PostAsync(string json) =>
        router.Client.PostAsync("/api/v1/messages", new StringContent(json, Encoding.UTF8, "application/json"));

    [TestCaseSource(nameof(Cases))]
    public async Task Should_answer_400_naming_the_field_and_claim_nothing(string field, string escape, bool atEnd)
    {
        var unique = Guid.NewGuid().ToString("N");
        var normal = Normal[field];
        var refused = await PostAsync(Json(field, atEnd ? normal + escape : normal[..2] + escape + normal[2..], unique));
        var clean = await PostAsync(Json(field, normal, unique));
        var problem = await refused.Content.ReadAsStringAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), problem);
            Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That((await refused.JsonAsync()).GetProperty("errors").TryGetProperty(field.Split(' ')[0], out _), Is.True, problem);
            Assert.That(clean.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await clean.Content.ReadAsStringAsync());
        });
    }

    [TestCase(255)]
    [TestCase(371)]
    public async Task Should_answer_400_for_an_email_recipient_over_254_characters(int length)
    {
        var response = await router.Client.PostMessageAsync(new { channel = "email", recipient = SampleMessages.EmailAddressOfLength(length), body = "Hello" });
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), problem);
            Assert.That((await response.JsonAsync()).GetProperty("errors").TryGetProperty("recipient", out _), Is.True, problem);
        });
    }

    [Test]
    public async Task Should_accept_an_email_recipient_of_254_characters()
    {
        var response = await router.Client.PostMessageAsync(new { channel = "email", recipient = SampleMessages.EmailAddressOfLength(254), body = "Hello" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
    }
}
