using System.Net;
using System.Text;
using System.Text.Json;
using Aggregator.Delivery.StatusEvents;
using Aggregator.ServiceDefaults.Security;
using Aggregator.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Integration.Delivery.Webhooks;

/// <summary>
/// The webhook registration API of the real Delivery service, with keys and private networks not allowed (as in
/// docker-compose): what is accepted, what is refused and how, and that one key never sees another's endpoints.
/// </summary>
[Category("Integration")]
public class When_webhooks_are_registered
{
    private const string Shop = "webhook-shop";
    private const string Billing = "webhook-billing";
    private const string PublicUrl = "https://203.0.113.10/hooks?token=abc";

    private DeliveryHost delivery = null!;
    private HttpClient client = null!;

    [OneTimeSetUp]
    public void Start()
    {
        delivery = new DeliveryHost(Settings.Of(
            TestApiKeys.Settings((Shop, [Roles.Submit]), (Billing, [Roles.Submit]), ("webhook-staff", [Roles.Support])),
            new Dictionary<string, string?> { ["Webhooks:AllowPrivateNetworks"] = "false" }));
        client = delivery.CreateClient();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        client.Dispose();
        delivery.Dispose();
    }

    [Test]
    public async Task Should_answer_201_with_the_secret_once_and_list_the_endpoint_without_it()
    {
        var response = await client.RegisterWebhookAsync(Shop, new { url = PublicUrl, events = new[] { "message.delivered", "message.failed", "message.delivered" } });
        var registered = await response.JsonAsync();
        var secret = registered.GetProperty("secret").GetString()!;
        var listed = await client.WebhookAsync(Shop, registered);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(registered.GetProperty("url").GetString(), Is.EqualTo(PublicUrl));
            Assert.That(registered.GetProperty("events").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "message.delivered", "message.failed" }));
            Assert.That(secret, Does.StartWith("whsec_"));
            Assert.That(Convert.FromBase64String(secret["whsec_".Length..]), Has.Length.EqualTo(32));
            Assert.That(listed, Is.Not.Null);
            Assert.That(listed!.Value.TryGetProperty("secret", out _), Is.False, "the secret is shown only once");
            Assert.That(listed.Value.GetRawText(), Does.Not.Contain(secret["whsec_".Length..]));
            Assert.That(listed.Value.GetProperty("consecutiveFailures").GetInt32(), Is.Zero);
            Assert.That(listed.Value.GetProperty("failingSince").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(listed.Value.GetProperty("disabled").GetBoolean(), Is.False);
            Assert.That(delivery.Services.GetRequiredService<IStatusListeners>().AnyListening, Is.True);
        });
    }

    [TestCase("""{"url":"ftp://203.0.113.10/x","events":["message.delivered"]}""", "url")]
    [TestCase("""{"url":"/hooks","events":["message.delivered"]}""", "url")]
    [TestCase("""{"url":"https://user:password@203.0.113.10/","events":["message.delivered"]}""", "url")]
    [TestCase("""{"url":"https://203.0.113.10/\u0000","events":["message.delivered"]}""", "url")]
    [TestCase("""{"url":"https://203.0.113.10/\ud800","events":["message.delivered"]}""", "url")]
    [TestCase("""{"url":12,"events":["message.delivered"]}""", "url")]
    [TestCase("""{"url":null,"events":["message.delivered"]}""", "url")]
    [TestCase("""{"events":["message.delivered"]}""", "url")]
    [TestCase("""{"url":"https://203.0.113.10/","events":[]}""", "events")]
    [TestCase("""{"url":"https://203.0.113.10/","events":["message.sent"]}""", "events")]
    [TestCase("""{"url":"https://203.0.113.10/","events":["Message.Delivered"]}""", "events")]
    [TestCase("""{"url":"https://203.0.113.10/","events":"message.delivered"}""", "events")]
    [TestCase("""{"url":"https://203.0.113.10/","events":[1]}""", "events")]
    [TestCase("""{"url":"https://203.0.113.10/","events":[{"type":"message.delivered"}]}""", "events")]
    [TestCase("""{"url":"https://203.0.113.10/"}""", "events")]
    [TestCase("""[]""", "body")]
    [TestCase("""not json""", "body")]
    [TestCase("", "body")]
    [TestCase("""{"url":"https://203.0.113.10/","events":["message.delivered"]""", "body")]
    [TestCase("""{"a":[[[[[[[[[[[[1]]]]]]]]]]]]}""", "body")]
    public async Task Should_refuse_a_bad_registration_with_problem_details_naming_the_field(string body, string field)
    {
        var response = await PostRawAsync(Encoding.UTF8.GetBytes(body));

        await AssertRefusedAsync(response, field);
    }

    [Test]
    public async Task Should_refuse_a_giant_url_with_400_and_a_giant_body_with_413()
    {
        var giantUrl = await PostRawAsync(JsonSerializer.SerializeToUtf8Bytes(new { url = "https://203.0.113.10/" + new string('a', 100_000), events = new[] { "message.delivered" } }));
        var giantBody = await PostRawAsync(JsonSerializer.SerializeToUtf8Bytes(new { url = PublicUrl, events = new[] { "message.delivered" }, padding = new string('a', 2_000_000) }));

        await AssertRefusedAsync(giantUrl, "url");
        Assert.That(giantBody.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [TestCase("http://127.0.0.1:8080/hooks")]
    [TestCase("http://localhost/hooks")]
    [TestCase("http://[::1]/hooks")]
    [TestCase("http://10.1.2.3/hooks")]
    [TestCase("http://192.168.0.10/hooks")]
    [TestCase("http://169.254.169.254/latest/meta-data")]
    [TestCase("http://[fe80::1]/hooks")]
    [TestCase("http://[fd00::1]/hooks")]
    [TestCase("http://224.0.0.1/hooks")]
    [TestCase("http://0.0.0.0/hooks")]
    [TestCase("http://[::ffff:127.0.0.1]/hooks")]
    public async Task Should_refuse_a_private_address_when_private_networks_are_not_allowed(string url)
    {
        var response = await client.RegisterWebhookAsync(Shop, new { url, events = new[] { "message.delivered" } });

        await AssertRefusedAsync(response, "url");
    }

    [Test]
    public async Task Should_let_only_the_owner_list_and_delete_an_endpoint()
    {
        var registered = await client.RegisteredWebhookAsync(Shop, PublicUrl);
        var id = registered.GetProperty("id").GetGuid();

        var seenByBilling = await client.WebhookAsync(Billing, registered);
        var deletedByBilling = await client.DeleteWebhookAsync(Billing, id);
        var seenByShop = await client.WebhookAsync(Shop, registered);
        var deletedByShop = await client.DeleteWebhookAsync(Shop, id);
        var deletedAgain = await client.DeleteWebhookAsync(Shop, id);
        var seenAfter = await client.WebhookAsync(Shop, registered);

        Assert.Multiple(() =>
        {
            Assert.That(seenByBilling, Is.Null, "another key's endpoint is not listed");
            Assert.That(deletedByBilling.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another key's endpoint is as unknown");
            Assert.That(seenByShop, Is.Not.Null);
            Assert.That(deletedByShop.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(deletedAgain.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(seenAfter, Is.Null);
        });
    }

    [Test]
    public async Task Should_refuse_a_key_without_the_submit_role()
    {
        var response = await client.RegisterWebhookAsync("webhook-staff", new { url = PublicUrl, events = new[] { "message.delivered" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    private Task<HttpResponseMessage> PostRawAsync(byte[] body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        }.With(Shop));

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        });
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, text);
    }
}
