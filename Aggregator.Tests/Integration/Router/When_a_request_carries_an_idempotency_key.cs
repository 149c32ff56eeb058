using System.Net;
using System.Net.Http.Json;
using Aggregator.Router.Idempotency;
using Aggregator.Router.Messages;
using Aggregator.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Aggregator.Tests.Integration.Router;

[Category("Integration")]
public class When_a_request_carries_an_idempotency_key
{
    private Running<RouterHost> router = null!;

    private HttpClient Client => router.Client;

    [OneTimeSetUp]
    public void StartRouter() => router = Running.Router();

    [OneTimeTearDown]
    public void StopRouter() => router.Dispose();

    private Task<HttpResponseMessage> PostAsync(object message, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages") { Content = JsonContent.Create(message) };
        request.Headers.TryAddWithoutValidation(IdempotencyKey.Header, key);
        return Client.SendAsync(request);
    }

    [Test]
    public async Task Should_replay_the_original_answer_for_the_same_payload()
    {
        var key = Guid.NewGuid().ToString();
        var message = SampleMessages.Email();

        var first = await PostAsync(message, key);
        var again = await PostAsync(message, key);
        var firstBody = await first.Content.ReadAsStringAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), firstBody);
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(await again.Content.ReadAsStringAsync(), Is.EqualTo(firstBody));
            Assert.That(again.Headers.GetValues(IdempotencyKey.ReplayedHeader), Is.EqualTo(new[] { "true" }));
            Assert.That(first.Headers.Contains(IdempotencyKey.ReplayedHeader), Is.False);
        });
    }

    [Test]
    public async Task Should_answer_422_for_the_same_key_with_another_payload()
    {
        var key = Guid.NewGuid().ToString();
        var first = await PostAsync(SampleMessages.Email(), key);
        var otherMessage = SampleMessages.Email();
        var other = await PostAsync(otherMessage, key);
        // Refused means not queued: the other content is still free to be sent without the key.
        var otherWithoutKey = await Client.PostMessageAsync(otherMessage);

        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(await TitleAsync(other), Is.EqualTo("This Idempotency-Key was used for another payload."));
            Assert.That(otherWithoutKey.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        });
    }

    private static async Task<string?> TitleAsync(HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("title").GetString();

    [Test]
    public async Task Should_answer_409_with_retry_after_while_the_first_is_in_flight()
    {
        var key = Guid.NewGuid().ToString();
        var message = SampleMessages.Sms();
        // The first request's claim, as it stands while that request waits for the broker.
        var payload = new SubmitMessageRequest("sms", "+14155552671", null, (string)message.GetType().GetProperty("body")!.GetValue(message)!, null);
        await router.Host.Services.GetRequiredService<IdempotencyStore<SubmitMessageResponse>>().ClaimAsync("anonymous", key, PayloadFingerprint.Of(payload));

        var repeat = await PostAsync(message, key);
        // The repeat waited for nothing and claimed nothing: the same content without the key is accepted.
        var withoutKey = await Client.PostMessageAsync(message);
        Assert.Multiple(async () =>
        {
            Assert.That(repeat.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(repeat.Headers.RetryAfter, Is.Not.Null);
            Assert.That(await TitleAsync(repeat), Is.EqualTo("The first request with this Idempotency-Key is still in flight."));
            Assert.That(withoutKey.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        });
    }

    [Test]
    public async Task Should_give_the_key_back_when_the_request_is_refused()
    {
        var key = Guid.NewGuid().ToString();
        var accepted = SampleMessages.Sms();
        var original = await Client.PostMessageAsync(accepted);

        var duplicate = await PostAsync(accepted, key);
        var fresh = await PostAsync(SampleMessages.Sms(), key);
        Assert.Multiple(async () =>
        {
            Assert.That(original.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(duplicate.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await duplicate.JsonAsync()).GetProperty("messageId").GetGuid(), Is.EqualTo((await original.JsonAsync()).GetProperty("messageId").GetGuid()));
            Assert.That(fresh.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(fresh.Headers.Contains(IdempotencyKey.ReplayedHeader), Is.False, "the refused request's answer was kept for the key");
        });
    }

    [Test]
    public async Task Should_keep_an_unanswered_claim_briefly_and_an_answer_for_the_retention()
    {
        var store = router.Host.Services.GetRequiredService<IdempotencyStore<SubmitMessageResponse>>();
        var redis = router.Host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var key = Guid.NewGuid().ToString();

        // As a claim stands when its request could not give it back (Redis away at that moment).
        var unanswered = await store.ClaimAsync("anonymous", Guid.NewGuid().ToString(), "fingerprint");
        await PostAsync(SampleMessages.Sms(), key);
        var answered = await store.ClaimAsync("anonymous", key, "another payload");

        Assert.Multiple(async () =>
        {
            Assert.That(await redis.KeyTimeToLiveAsync(unanswered.RedisKey), Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(await redis.KeyTimeToLiveAsync(answered.RedisKey), Is.GreaterThan(TimeSpan.FromHours(23)));
        });
    }

    [TestCase("tab\tinside")]
    [TestCase("é")]
    public async Task Should_answer_400_for_a_malformed_key(string key) => await AssertKeyRefusedAsync(key);

    [Test]
    public async Task Should_answer_400_for_a_key_over_255_characters() => await AssertKeyRefusedAsync(new string('k', 256));

    [Test]
    public async Task Should_answer_400_for_a_key_sent_twice() => await AssertKeyRefusedAsync("one", "two");

    private async Task AssertKeyRefusedAsync(params string[] keys)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages") { Content = JsonContent.Create(SampleMessages.Sms()) };
        request.Headers.TryAddWithoutValidation(IdempotencyKey.Header, keys);
        var response = await Client.SendAsync(request);
        var problem = await response.JsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").TryGetProperty(IdempotencyKey.Header, out _), Is.True, problem.ToString());
        });
    }
}
