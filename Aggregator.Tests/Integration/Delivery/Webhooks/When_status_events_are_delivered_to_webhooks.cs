using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.ServiceDefaults.Security;
using Aggregator.Tests.Infrastructure;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Integration.Delivery.Webhooks;

/// <summary>
/// Status events published on the run's broker reach receivers in the test process through the real Delivery
/// service: signed, retried on the durable scheduler with short pauses (<c>Webhooks:RetryIntervals</c> 200 ms, a 1 s
/// timeout, giving up after 4 s), and the endpoint disabled once it has failed that long. Each spec has its own key,
/// so its endpoints hear only its own events.
/// </summary>
[Category("Integration")]
public class When_status_events_are_delivered_to_webhooks
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly string[] Owners = Enumerable.Range(0, 10).Select(i => $"webhook-client-{i}").ToArray();

    private readonly List<(string Owner, Guid Id)> registered = [];
    private DeliveryHost delivery = null!;
    private HttpClient client = null!;
    private int nextOwner;

    [OneTimeSetUp]
    public void Start()
    {
        delivery = new DeliveryHost(Settings.Of(
            TestApiKeys.Settings(Owners.Select(owner => (owner, new[] { Roles.Submit })).ToArray()),
            new Dictionary<string, string?>
            {
                ["Webhooks:AllowPrivateNetworks"] = "true",
                ["Webhooks:RetryIntervals:0"] = "00:00:00.200",
                ["Webhooks:Timeout"] = "00:00:01",
                ["Webhooks:GiveUpAfter"] = "00:00:04",
            }));
        client = delivery.CreateClient();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        // Retries still waiting in the scheduler then find no endpoint and are dropped, whichever later spec's service takes them.
        foreach (var (owner, id) in registered)
        {
            await client.DeleteWebhookAsync(owner, id);
        }
        client.Dispose();
        delivery.Dispose();
    }

    [Test]
    public async Task Should_retry_until_a_2xx_with_the_same_id_the_same_bytes_and_a_valid_signature_each_time()
    {
        using var receiver = new WebhookReceiver().Answers(503, 503, 200);
        var owner = NextOwner();
        var endpoint = await RegisterAsync(owner, receiver.Url, "message.delivered");
        var change = WebhookCalls.StatusChanged(owner);

        await PublishAsync(change);
        var posts = await Eventually.Get(() => Task.FromResult((receiver.Received().Count >= 3, receiver.Received())), Patience, "three POSTs");
        var body = JsonDocument.Parse(posts[0].Body).RootElement;
        var listed = await Eventually.Get(async () => (await client.WebhookAsync(owner, endpoint)) is { } e && e.GetProperty("consecutiveFailures").GetInt32() == 0
            ? (true, e) : (false, default), Patience, "the failures to be forgotten after the success");

        Assert.Multiple(() =>
        {
            Assert.That(posts, Has.Count.EqualTo(3));
            Assert.That(posts.Select(p => p.Id), Is.All.EqualTo($"msg_{change.EventId:N}"));
            Assert.That(posts.Select(p => Convert.ToBase64String(p.Body)).Distinct().Count(), Is.EqualTo(1), "byte-identical bodies");
            Assert.That(posts.Select(p => p.IsSignedWith(endpoint.GetProperty("secret").GetString()!)), Is.All.True);
            Assert.That(posts.Select(p => DateTimeOffset.FromUnixTimeSeconds(long.Parse(p.Timestamp))),
                Is.All.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(posts[0].Headers["content-type"], Does.StartWith("application/json"));
            Assert.That(body.GetProperty("type").GetString(), Is.EqualTo("message.delivered"));
            Assert.That(body.GetProperty("timestamp").GetDateTimeOffset(), Is.EqualTo(change.OccurredAt).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(body.GetProperty("data").GetProperty("messageId").GetGuid(), Is.EqualTo(change.MessageId));
            Assert.That(body.GetProperty("data").GetProperty("traceId").GetString(), Is.EqualTo(change.TraceId));
            Assert.That(body.GetProperty("data").GetProperty("channel").GetString(), Is.EqualTo("whatsapp"));
            Assert.That(body.GetProperty("data").GetProperty("state").GetString(), Is.EqualTo("Delivered"));
            Assert.That(body.GetProperty("data").GetProperty("attempts").GetInt32(), Is.EqualTo(2));
            Assert.That(body.GetProperty("data").GetProperty("providerStatus").GetString(), Is.EqualTo("delivered"));
            Assert.That(listed.GetProperty("failingSince").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task Should_not_follow_a_redirect_and_count_it_as_a_failure()
    {
        using var receiver = new WebhookReceiver().Redirects("/elsewhere");
        var owner = NextOwner();
        var endpoint = await RegisterAsync(owner, receiver.Url, "message.failed");

        await PublishAsync(WebhookCalls.StatusChanged(owner, "message.failed", "Failed"));
        await Eventually.True(() => receiver.Received().Count >= 2, Patience, "the redirected POST to be tried again");
        var listed = await client.WebhookAsync(owner, endpoint);

        Assert.Multiple(() =>
        {
            Assert.That(receiver.Received("/elsewhere"), Is.Empty, "the redirect is not followed");
            Assert.That(listed!.Value.GetProperty("lastFailure").GetString(), Does.Contain("HTTP 302"));
        });
    }

    [Test]
    public async Task Should_give_up_on_a_receiver_that_never_answers_after_the_timeout_and_try_again()
    {
        await using var silent = new SilentServer();
        var owner = NextOwner();
        var endpoint = await RegisterAsync(owner, $"http://127.0.0.1:{silent.Port}/hooks", "message.retrying");

        await PublishAsync(WebhookCalls.StatusChanged(owner, "message.retrying", "Retrying"));
        await Eventually.True(() => silent.Accepted >= 2, Patience, "a second try after the first timed out");
        var listed = await Eventually.Get(async () => (await client.WebhookAsync(owner, endpoint)) is { } e && e.GetProperty("lastFailure").GetString() is { } failure
            ? (true, failure) : (false, ""), Patience, "the timeout to be recorded");

        Assert.That(listed, Does.Contain("no answer within 00:00:01"));
    }

    [Test]
    public async Task Should_disable_an_endpoint_failing_longer_than_give_up_after_and_send_it_nothing_more()
    {
        using var failing = new WebhookReceiver().Answers(500);
        using var healthy = new WebhookReceiver().Answers(200);
        var owner = NextOwner();
        var endpoint = await RegisterAsync(owner, failing.Url, "message.expired");
        await RegisterAsync(owner, healthy.Url, "message.expired");

        await PublishAsync(WebhookCalls.StatusChanged(owner, "message.expired", "Expired"));
        var disabled = await Eventually.Get(async () => (await client.WebhookAsync(owner, endpoint)) is { } e && e.GetProperty("disabled").GetBoolean()
            ? (true, e) : (false, default), Patience, "the failing endpoint to be disabled");
        var triesBefore = failing.Received().Count;
        var later = WebhookCalls.StatusChanged(owner, "message.expired", "Expired");
        await PublishAsync(later);
        await Eventually.True(() => healthy.Received().Any(p => p.Id == $"msg_{later.EventId:N}"), Patience, "the healthy endpoint to hear the later event");

        Assert.Multiple(() =>
        {
            Assert.That(triesBefore, Is.GreaterThan(2));
            Assert.That(failing.Received(), Has.Count.EqualTo(triesBefore), "a disabled endpoint hears nothing more");
            Assert.That(disabled.GetProperty("consecutiveFailures").GetInt32(), Is.EqualTo(triesBefore));
            Assert.That(disabled.GetProperty("failingSince").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(disabled.GetProperty("disabledAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(delivery.Logs.Lines, Has.Some.Contains("disabled").And.Contains(endpoint.GetProperty("id").GetString()!).And.Contains("\"@l\":\"Warning\""));
            Assert.That(delivery.Logs.Lines, Has.None.Contains(endpoint.GetProperty("secret").GetString()!["whsec_".Length..]));
        });
    }

    [Test]
    public async Task Should_send_an_event_only_to_endpoints_of_its_submitter_that_hear_its_type()
    {
        using var mine = new WebhookReceiver().Answers(200);
        using var others = new WebhookReceiver().Answers(200);
        var owner = NextOwner();
        var other = NextOwner();
        await RegisterAsync(owner, mine.Url, "message.delivered");
        await RegisterAsync(other, others.Url, "message.delivered", "message.cancelled");

        await PublishAsync(WebhookCalls.StatusChanged(owner, "message.cancelled", "Cancelled"));
        var delivered = WebhookCalls.StatusChanged(owner);
        await PublishAsync(delivered);
        await Eventually.True(() => mine.Received().Count >= 1, Patience, "the owner's endpoint to hear its delivered event");

        Assert.Multiple(() =>
        {
            Assert.That(mine.Received().Select(p => p.Id), Is.EqualTo(new[] { $"msg_{delivered.EventId:N}" }), "not the type it did not ask for");
            Assert.That(others.Received(), Is.Empty, "not another key's message");
        });
    }

    [Test]
    public async Task Should_tell_a_registered_receiver_that_a_real_message_was_delivered_after_it_answered_503_twice()
    {
        using var receiver = new WebhookReceiver().Answers(503, 503, 200);
        var owner = NextOwner();
        var endpoint = await RegisterAsync(owner, receiver.Url, "message.delivered");
        // Registered on this instance: its listeners know at once, so the delivery below publishes its event.
        var message = DeliveryHarness.Message() with { SubmittedBy = owner };

        await delivery.SubmitDirectAsync(message);
        var posts = await Eventually.Get(() => Task.FromResult((receiver.Received().Count >= 3, receiver.Received())), Patience, "three POSTs");
        var body = JsonDocument.Parse(posts[^1].Body).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(posts, Has.Count.EqualTo(3), "two 503s, then the 2xx ends it");
            Assert.That(posts.Select(p => p.Id).Distinct().Count(), Is.EqualTo(1), "the same webhook-id on every try");
            Assert.That(posts.Select(p => p.IsSignedWith(endpoint.GetProperty("secret").GetString()!)), Is.All.True);
            Assert.That(body.GetProperty("type").GetString(), Is.EqualTo("message.delivered"));
            Assert.That(body.GetProperty("data").GetProperty("messageId").GetGuid(), Is.EqualTo(message.MessageId));
            Assert.That(body.GetProperty("data").GetProperty("state").GetString(), Is.EqualTo("Delivered"));
            Assert.That(body.GetProperty("data").GetProperty("attempts").GetInt32(), Is.EqualTo(1));
            Assert.That(body.GetProperty("data").GetProperty("channel").GetString(), Is.EqualTo("sms"));
        });
    }

    private string NextOwner() => Owners[Interlocked.Increment(ref nextOwner) - 1];

    private async Task<JsonElement> RegisterAsync(string owner, string url, params string[] events)
    {
        var endpoint = await client.RegisteredWebhookAsync(owner, url, events);
        registered.Add((owner, endpoint.GetProperty("id").GetGuid()));
        return endpoint;
    }

    private Task PublishAsync(MessageStatusChanged change) => delivery.Services.GetRequiredService<IBus>().Publish(change);
}
