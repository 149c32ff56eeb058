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
    private Running<Aggregator.Router.Extensions.RouterOptions> router = null!;

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
        await PostAsync(SampleMessages.Email(), key);
        var other = await PostAsync(SampleMessages.Email(), key);
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
    }

    [Test]
    public async Task Should_answer_409_with_retry_after_while_the_first_is_in_flight()
    {
        var key = Guid.NewGuid().ToString();
        var message = SampleMessages.Sms();
        // The first request's claim, as it stands while that request waits for the broker.
        var payload = new SubmitMessageRequest("sms", "+14155552671", null, (string)message.GetType().GetProperty("body")!.GetValue(message)!, null);
        await router.Factory.Services.GetRequiredService<IdempotencyStore>().ClaimAsync("anonymous", key, IdempotencyStore.Fingerprint(payload));

        var repeat = await PostAsync(message, key);
        Assert.Multiple(() =>
        {
            Assert.That(repeat.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(repeat.Headers.RetryAfter, Is.Not.Null);
        });
    }

    [Test]
    public async Task Should_give_the_key_back_when_the_request_is_refused()
    {
        var key = Guid.NewGuid().ToString();
        var accepted = SampleMessages.Sms();
        await Client.PostMessageAsync(accepted);

        var duplicate = await PostAsync(accepted, key);
        var fresh = await PostAsync(SampleMessages.Sms(), key);
        Assert.Multiple(() =>
        {
            Assert.That(duplicate.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(fresh.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        });
    }

    [Test]
    public async Task Should_keep_an_unanswered_claim_briefly_and_an_answer_for_the_retention()
    {
        var store = router.Factory.Services.GetRequiredService<IdempotencyStore>();
        var redis = router.Factory.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
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
    public async Task Should_answer_400_for_a_malformed_key(string key)
    {
        var response = await PostAsync(SampleMessages.Sms(), key);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Should_answer_400_for_a_key_over_255_characters()
    {
        var response = await PostAsync(SampleMessages.Sms(), new string('k', 256));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
