using System.Net;
using System.Net.Http.Json;
using Aggregator.Contracts;
using Aggregator.Router.Idempotency;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Router;

/// <summary>
/// The broker's confirm does not come in time, so the Router cannot know whether the message was queued: it answers
/// 503 naming the message id it tried, and the same request sent again is accepted under that same id. The saga takes
/// a message id once, so publishing it twice is harmless; what must never happen is a second id for one submission.
/// </summary>
[Category("Integration")]
public class When_a_publish_outcome_is_unknown
{
    private static readonly Dictionary<string, string?> ShortPublishTimeout = new() { ["Resilience:PublishTimeout"] = "00:00:01" };

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, object message, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages") { Content = JsonContent.Create(message) };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKey.Header, key);
        }
        return client.SendAsync(request);
    }

    [TestCase(FirstPublish.ReachesBroker, false)]
    [TestCase(FirstPublish.IsLost, false)]
    [TestCase(FirstPublish.ReachesBroker, true)]
    [TestCase(FirstPublish.IsLost, true)]
    public async Task Should_answer_503_naming_the_message_and_accept_the_retry_under_the_same_id(FirstPublish first, bool withKey)
    {
        using var router = new RouterHost(ShortPublishTimeout, HeldFirstPublish.Instead(first));
        using var client = router.CreateClient();
        var publish = HeldFirstPublish.Of(router.Services);
        var key = withKey ? Guid.NewGuid().ToString() : null;
        var body = $"Your code is {Guid.NewGuid():N}";
        var message = new { channel = "sms", recipient = "+14155552671", body };

        var unknown = await PostAsync(client, message, key);
        var tried = await unknown.JsonAsync();
        var claimWhileUnknown = await DeduplicationKeys.ValueAsync(MessageChannel.Sms, "+14155552671", null, body);
        publish.Release();
        await publish.FirstFinished;
        var retry = await PostAsync(client, message, key);
        var again = await PostAsync(client, message, key);
        var triedId = tried.GetProperty("messageId").GetGuid();

        Assert.Multiple(async () =>
        {
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), tried.ToString());
            Assert.That(unknown.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(unknown.Headers.RetryAfter, Is.Not.Null);
            Assert.That(claimWhileUnknown, Is.EqualTo($"?{triedId}"));
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await retry.Content.ReadAsStringAsync());
            Assert.That((await retry.JsonAsync()).GetProperty("messageId").GetGuid(), Is.EqualTo(triedId));
            Assert.That(publish.ReachedBroker.Distinct(), Is.EqualTo(new[] { triedId }));
            Assert.That(await DeduplicationKeys.ValueAsync(MessageChannel.Sms, "+14155552671", null, body), Is.EqualTo(triedId.ToString()));
            // After the 202, the usual answers: the stored 202 for the key, a duplicate naming the message without one.
            Assert.That(again.StatusCode, Is.EqualTo(withKey ? HttpStatusCode.Accepted : HttpStatusCode.Conflict));
            Assert.That((await again.JsonAsync()).GetProperty("messageId").GetGuid(), Is.EqualTo(triedId));
        });
    }
}
