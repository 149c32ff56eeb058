using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.Router.Idempotency;
using Aggregator.ServiceDefaults.Security;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Router;

[Category("Integration")]
public class When_messages_are_submitted_in_a_batch
{
    private const string Batch = "/api/v1/messages/batch";

    private Running<RouterHost> router = null!;

    private HttpClient Client => router.Client;

    [OneTimeSetUp]
    public void StartRouter() => router = Running.Router();

    [OneTimeTearDown]
    public void StopRouter() => router.Dispose();

    private static Dictionary<string, object?> Sms(string? body = null, string? idempotencyKey = null)
    {
        var message = new Dictionary<string, object?> { ["channel"] = "sms", ["recipient"] = "+14155552671", ["body"] = body ?? $"Your code is {Guid.NewGuid():N}" };
        if (idempotencyKey is not null)
        {
            message["idempotencyKey"] = idempotencyKey;
        }
        return message;
    }

    private static HttpRequestMessage BatchOf(params object[] messages) =>
        new(HttpMethod.Post, Batch) { Content = JsonContent.Create(new { messages }) };

    private static async Task<JsonElement[]> ItemsAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("items").EnumerateArray().ToArray();
    }

    private static Guid IdOf(JsonElement item) => item.GetProperty("messageId").GetGuid();

    private static int StatusOf(JsonElement item) => item.GetProperty("status").GetInt32();

    [Test]
    public async Task Should_answer_each_item_as_if_it_were_sent_alone()
    {
        var key = Guid.NewGuid().ToString();
        var single = Sms();
        var earlierSingle = await (await Client.PostMessageAsync(single)).JsonAsync();
        var keyed = Sms(idempotencyKey: key);
        var earlierBatch = await ItemsAsync(await Client.SendAsync(BatchOf(keyed)));
        var fresh = Sms();
        var high = new Dictionary<string, object?>(Sms()) { ["priority"] = "high" };

        var items = await ItemsAsync(await Client.SendAsync(BatchOf(
            fresh,
            new { channel = "sms", recipient = "x", body = "hi" },
            fresh,
            single,
            keyed,
            Sms(idempotencyKey: key),
            high,
            42)));
        var keyedAlone = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages") { Content = JsonContent.Create(new Dictionary<string, object?>(keyed).Where(f => f.Key != "idempotencyKey").ToDictionary()) };
        keyedAlone.Headers.Add(IdempotencyKey.Header, key);
        var keyedAloneAnswer = await Client.SendAsync(keyedAlone);

        Assert.Multiple(async () =>
        {
            Assert.That(items.Select(i => i.GetProperty("index").GetInt32()), Is.EqualTo(Enumerable.Range(0, 8)));
            Assert.That(items.Select(StatusOf), Is.EqualTo(new[] { 202, 400, 409, 409, 202, 422, 202, 400 }));
            Assert.That(items[0].GetProperty("traceId").GetString(), Does.Match("^[0-9a-f]{32}$"));
            Assert.That(items[0].GetProperty("statusUrl").GetString(), Does.EndWith(IdOf(items[0]).ToString()));
            Assert.That(items[1].GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { "recipient" }));
            Assert.That(items[1].TryGetProperty("messageId", out _), Is.False);
            Assert.That(IdOf(items[2]), Is.EqualTo(IdOf(items[0])), "a repeat within the batch names the first");
            Assert.That(items[2].GetProperty("detail").GetString(), Does.Contain("Duplicate"));
            Assert.That(IdOf(items[3]), Is.EqualTo(earlierSingle.GetProperty("messageId").GetGuid()), "a repeat of an earlier single names it");
            Assert.That(IdOf(items[4]), Is.EqualTo(IdOf(earlierBatch[0])), "an idempotent repeat gets the first answer");
            Assert.That(items[5].GetProperty("detail").GetString(), Does.Contain("Idempotency-Key was used for another payload"));
            Assert.That(items[7].GetProperty("errors").TryGetProperty("message", out _), Is.True);
            Assert.That(keyedAloneAnswer.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the key is the same one in a single request");
            Assert.That((await keyedAloneAnswer.JsonAsync()).GetProperty("messageId").GetGuid(), Is.EqualTo(IdOf(earlierBatch[0])));
            Assert.That(await DeduplicationKeys.ValueAsync(MessageChannel.Sms, "+14155552671", null, (string)fresh["body"]!), Is.EqualTo(IdOf(items[0]).ToString()));
        });
        // The batch's accepted messages travel as one envelope, the high one marked for Delivery to put on the high lane.
        var highId = IdOf(items[6]);
        var envelope = await Eventually.Get(async () =>
            (await RabbitMqQueues.PeekAsync("message-batches", 1000)).FirstOrDefault(e => e.Contains(highId.ToString())) is { } found ? (true, found) : (false, ""),
            TimeSpan.FromSeconds(10), "the batch's envelope in Delivery's batch queue");
        var carried = JsonDocument.Parse(envelope).RootElement.GetProperty("message").GetProperty("messages").EnumerateArray()
            .ToDictionary(m => m.GetProperty("messageId").GetGuid(), m => m.GetProperty("priority").GetRawText());
        Assert.That(carried.Keys, Is.EquivalentTo(new[] { IdOf(items[0]), highId }), "the accepted messages, in one envelope");
        Assert.That(carried[highId], Is.EqualTo(((int)MessagePriority.High).ToString()), "marked high for Delivery to put on the high lane");
    }

    [Test]
    public async Task Should_queue_every_valid_item_of_a_full_batch()
    {
        var messages = Enumerable.Range(0, 500).Select(_ => Sms()).ToArray();
        var items = await ItemsAsync(await Client.SendAsync(BatchOf(messages)));
        Assert.Multiple(() =>
        {
            Assert.That(items.Select(StatusOf), Has.All.EqualTo(202));
            Assert.That(items.Select(IdOf).Distinct().Count(), Is.EqualTo(500));
        });
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string? field, string unclaimedBody)
    {
        var problem = await response.JsonAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(status), problem.ToString());
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            if (field is not null)
            {
                Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
            }
            Assert.That(await DeduplicationKeys.ValueAsync(MessageChannel.Sms, "+14155552671", null, unclaimedBody), Is.Null, "an item of the refused batch was claimed");
        });
    }

    [Test]
    public async Task Should_refuse_more_than_500_messages_as_a_whole()
    {
        var messages = Enumerable.Range(0, 501).Select(_ => Sms()).ToArray();
        await AssertRefusedAsync(await Client.SendAsync(BatchOf(messages)), HttpStatusCode.BadRequest, "messages", (string)messages[0]["body"]!);
    }

    [Test]
    public async Task Should_refuse_an_empty_or_missing_list()
    {
        var empty = await Client.SendAsync(BatchOf());
        var missing = await Client.PostAsJsonAsync(Batch, new { message = new[] { Sms() } });
        Assert.Multiple(async () =>
        {
            Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await empty.JsonAsync()).GetProperty("errors").TryGetProperty("messages", out _), Is.True);
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [Test]
    public async Task Should_refuse_an_idempotency_key_header_and_point_to_the_items_keys()
    {
        var message = Sms();
        var request = BatchOf(message);
        request.Headers.Add(IdempotencyKey.Header, Guid.NewGuid().ToString());
        var response = await Client.SendAsync(request);
        Assert.That((await response.JsonAsync()).GetProperty("errors").GetProperty(IdempotencyKey.Header)[0].GetString(), Does.Contain("idempotencyKey"));
        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, IdempotencyKey.Header, (string)message["body"]!);
    }

    [Test]
    public async Task Should_answer_413_past_4_MiB()
    {
        var message = new Dictionary<string, object?>(Sms()) { ["metadata"] = new { padding = new string('p', 4 * 1024 * 1024) } };
        await AssertRefusedAsync(await Client.SendAsync(BatchOf(message)), HttpStatusCode.RequestEntityTooLarge, null, (string)message["body"]!);
    }

    [Test]
    public async Task Should_take_a_batch_larger_than_kestrels_cap_for_a_single_request()
    {
        using var kestrel = new RouterHost();
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        using var client = kestrel.CreateClient();
        // Twelve 100,000-character e-mails: more than twice the single request's 256 KiB, where Kestrel stops every other request.
        var messages = Enumerable.Range(0, 12).Select(_ => new { channel = "email", recipient = "jane@example.com", body = $"{Guid.NewGuid():N}{new string('b', 99_000)}" }).ToArray();

        var items = await ItemsAsync(await client.SendAsync(BatchOf(messages)));
        Assert.That(items.Select(StatusOf), Has.All.EqualTo(202));
    }

    [Test]
    public async Task Should_answer_415_for_a_body_that_is_not_json_and_400_for_malformed_json()
    {
        var text = await Client.PostAsync(Batch, new StringContent("messages", Encoding.UTF8, "text/plain"));
        var malformed = await Client.PostAsync(Batch, new StringContent("""{"messages":[{"channel":"sms",""", Encoding.UTF8, "application/json"));
        Assert.Multiple(async () =>
        {
            Assert.That(text.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
            Assert.That(malformed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await malformed.JsonAsync()).GetProperty("errors").TryGetProperty("body", out _), Is.True);
        });
    }

    [Test]
    public async Task Should_keep_each_api_keys_content_its_own()
    {
        using var keyed = new RouterHost(TestApiKeys.Settings(("shop", [Roles.Submit]), ("bank", [Roles.Submit])));
        using var client = keyed.CreateClient();
        var message = Sms();

        var shop = await ItemsAsync(await client.SendAsync(BatchOf(message).With("shop")));
        var bank = await ItemsAsync(await client.SendAsync(BatchOf(message).With("bank")));
        var shopAgain = await ItemsAsync(await client.SendAsync(BatchOf(message).With("shop")));

        Assert.Multiple(() =>
        {
            Assert.That(StatusOf(shop[0]), Is.EqualTo(202));
            Assert.That(StatusOf(bank[0]), Is.EqualTo(202));
            Assert.That(IdOf(bank[0]), Is.Not.EqualTo(IdOf(shop[0])));
            Assert.That(StatusOf(shopAgain[0]), Is.EqualTo(409));
            Assert.That(IdOf(shopAgain[0]), Is.EqualTo(IdOf(shop[0])));
        });
    }

    [Test]
    public async Task Should_take_one_permit_of_the_rate_limit_per_message()
    {
        using var limited = new RouterHost(new Dictionary<string, string?> { ["RateLimit:PermitsPerSecond"] = "1", ["RateLimit:Burst"] = "10" });
        using var client = limited.CreateClient();

        var first = await client.SendAsync(BatchOf(Enumerable.Range(0, 8).Select(_ => Sms()).ToArray()));
        var second = await client.SendAsync(BatchOf(Enumerable.Range(0, 8).Select(_ => Sms()).ToArray()));

        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "eight messages left two permits, not nine");
            Assert.That(second.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        });
    }

    [Test]
    public async Task Should_name_the_message_tried_when_its_outcome_is_unknown_and_accept_it_under_that_id_when_sent_again()
    {
        using var held = new RouterHost(new Dictionary<string, string?> { ["Resilience:PublishTimeout"] = "00:00:01" }, HeldFirstPublish.Instead(FirstPublish.ReachesBroker));
        using var client = held.CreateClient();
        var publish = HeldFirstPublish.Of(held.Services);
        var messages = new object[] { Sms(), Sms() };

        var first = await ItemsAsync(await client.SendAsync(BatchOf(messages)));
        publish.Release();
        await publish.FirstFinished;
        var again = await ItemsAsync(await client.SendAsync(BatchOf(messages)));

        // Both travelled in the one held envelope: both outcomes are unknown, and both are accepted under their ids again.
        Assert.Multiple(() =>
        {
            Assert.That(first.Select(StatusOf), Is.EqualTo(new[] { 503, 503 }));
            Assert.That(again.Select(StatusOf), Is.EqualTo(new[] { 202, 202 }));
            Assert.That(again.Select(IdOf), Is.EqualTo(first.Select(IdOf)), "the ids tried, never second messages");
            Assert.That(publish.ReachedBroker, Does.Contain(IdOf(first[0])).And.Contain(IdOf(first[1])));
        });
    }
}
