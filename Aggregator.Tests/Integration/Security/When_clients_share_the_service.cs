using System.Net;
using Aggregator.ServiceDefaults.Security;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Security;

/// <summary>
/// Two clients with their own submit keys, support staff and an operator, on the real Router and Delivery service:
/// each client sees only its own messages, content is a duplicate only of the same client's, and a redrive is
/// written into the message's history with the operator's key name.
/// </summary>
[Category("Integration")]
public class When_clients_share_the_service
{
    private static readonly Dictionary<string, string?> WithKeys = TestApiKeys.Settings(
        ("shop", [Roles.Submit]), ("billing", [Roles.Submit]), ("staff", [Roles.Support]), ("ops", [Roles.Redrive, Roles.Support]));

    private DeliveryHost delivery = null!;
    private RouterHost router = null!;

    [OneTimeSetUp]
    public void Start()
    {
        // Delivery first: its queues must be bound before the Router publishes anything.
        delivery = new DeliveryHost(Settings.Of(WithKeys, new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Override:Aggregator.Delivery.StateMachines.MessageAuditEntry"] = "Information",
        }));
        _ = delivery.Services;
        router = new RouterHost(WithKeys);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        router.Dispose();
        delivery.Dispose();
    }

    [Test]
    public async Task Should_show_a_submit_key_its_own_messages_only()
    {
        using var shop = Client(router, "shop");
        var id = await shop.SubmitAsync(SampleMessages.Sms());
        using var shopReads = Client(delivery, "shop");
        using var billingReads = Client(delivery, "billing");
        using var staffReads = Client(delivery, "staff");

        await shopReads.WaitForStateAsync(id, "Delivered", TimeSpan.FromSeconds(15));
        var byBilling = await billingReads.GetAsync($"/api/v1/messages/{id}");
        var byStaff = await staffReads.GetAsync($"/api/v1/messages/{id}");
        var billingList = await ListAsync(billingReads);
        var shopList = await ListAsync(shopReads);

        Assert.Multiple(() =>
        {
            Assert.That(byBilling.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another client's message is as unknown");
            Assert.That(byStaff.StatusCode, Is.EqualTo(HttpStatusCode.OK), "support reads every message");
            Assert.That(billingList, Does.Not.Contain(id));
            Assert.That(shopList, Does.Contain(id));
        });
    }

    [Test]
    public async Task Should_let_another_client_send_the_same_content_and_never_name_its_message()
    {
        using var shop = Client(router, "shop");
        using var billing = Client(router, "billing");
        var message = SampleMessages.Sms();
        var shopsId = await shop.SubmitAsync(message);

        var billingsAnswer = await billing.PostMessageAsync(message);
        var shopsRepeat = await shop.PostMessageAsync(message);

        Assert.Multiple(async () =>
        {
            Assert.That(billingsAnswer.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "content is a duplicate only of the same client's");
            Assert.That((await billingsAnswer.JsonAsync()).GetProperty("messageId").GetGuid(), Is.Not.EqualTo(shopsId));
            Assert.That(shopsRepeat.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await shopsRepeat.Content.ReadAsStringAsync(), Does.Contain(shopsId.ToString()));
        });
    }

    [Test]
    public async Task Should_keep_idempotency_keys_apart_between_clients()
    {
        using var shop = Client(router, "shop");
        using var billing = Client(router, "billing");
        var idempotencyKey = $"order-{Guid.NewGuid():N}";

        var shopsAnswer = await shop.SendAsync(Idempotent(SampleMessages.Sms("one"), idempotencyKey));
        var billingsAnswer = await billing.SendAsync(Idempotent(SampleMessages.Sms("two"), idempotencyKey));

        Assert.Multiple(() =>
        {
            Assert.That(shopsAnswer.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(billingsAnswer.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the same key from another client is its own");
            Assert.That(billingsAnswer.Headers.Contains("Idempotent-Replayed"), Is.False);
        });
    }

    [Test]
    public async Task Should_write_who_redrove_a_message_into_its_history()
    {
        using var shop = Client(router, "shop");
        var id = await shop.SubmitAsync(DeliveryApi.Simulated("fail-permanent"));
        using var ops = Client(delivery, "ops");
        await ops.WaitForStateAsync(id, "Failed", TimeSpan.FromSeconds(15));
        using var staff = Client(delivery, "staff");

        var bySupportOnly = await staff.PostAsync($"/api/v1/messages/{id}/redrive", null);
        var byOperator = await ops.PostAsync($"/api/v1/messages/{id}/redrive", null);
        var history = await Eventually.Get(async () =>
        {
            var message = await (await ops.GetAsync($"/api/v1/messages/{id}")).JsonAsync();
            return (message.TryGetProperty("audit", out var audit) && audit.GetArrayLength() > 0, message);
        }, TimeSpan.FromSeconds(15), "the redrive in the message's history");
        var entry = history.GetProperty("audit")[0];

        Assert.Multiple(() =>
        {
            Assert.That(bySupportOnly.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(byOperator.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(entry.GetProperty("action").GetString(), Is.EqualTo("redrive"));
            Assert.That(entry.GetProperty("by").GetString(), Is.EqualTo("ops"));
            Assert.That(entry.GetProperty("fromState").GetString(), Is.EqualTo("Failed"));
            Assert.That(delivery.Logs.Lines, Has.Some.Contains($"Message {id} redrive by ops from Failed"));
        });
    }

    private static HttpClient Client(IServiceUnderTest host, string key) => host.CreateClient(key);

    private static async Task<List<Guid>> ListAsync(HttpClient delivery)
    {
        var page = await (await delivery.GetAsync("/api/v1/messages?limit=200")).JsonAsync();
        return page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("messageId").GetGuid()).ToList();
    }

    private static HttpRequestMessage Idempotent(object message, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages") { Content = System.Net.Http.Json.JsonContent.Create(message) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}
