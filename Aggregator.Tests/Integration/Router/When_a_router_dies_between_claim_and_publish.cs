using System.Net;
using Aggregator.Contracts;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Router;

/// <summary>
/// A Router that claimed a message's content and died before publishing leaves a pending claim (<c>~id</c>) naming a
/// message that was never queued. The client's retry must not be told, for the whole de-duplication window, that its
/// message was already accepted: it hears "being accepted, retry after", and after the pending lifetime it is accepted.
/// </summary>
[Category("Integration")]
public class When_a_router_dies_between_claim_and_publish
{
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromSeconds(5);

    [Test]
    public async Task Should_say_retry_while_the_claim_is_pending_and_accept_the_retry_once_it_lapses()
    {
        using var router = new RouterHost(new Dictionary<string, string?> { ["Deduplication:PendingLifetime"] = "00:00:05" });
        using var client = router.CreateClient();
        var body = $"Your code is {Guid.NewGuid():N}";
        var message = new { channel = "sms", recipient = "+14155552671", body };
        var neverQueued = Guid.NewGuid();
        await DeduplicationKeys.SetAsync($"~{neverQueued}", PendingLifetime, MessageChannel.Sms, "+14155552671", null, body);

        using var whilePending = await client.PostMessageAsync(message);
        var problem = await whilePending.JsonAsync();
        var accepted = await Eventually.Get(async () =>
        {
            var response = await client.PostMessageAsync(message);
            return (response.StatusCode == HttpStatusCode.Accepted, response);
        }, TimeSpan.FromSeconds(20), "the retry to be accepted once the dead Router's claim lapsed");
        var acceptedId = (await accepted.JsonAsync()).GetProperty("messageId").GetGuid();

        Assert.Multiple(async () =>
        {
            Assert.That(whilePending.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(whilePending.Headers.RetryAfter?.Delta, Is.EqualTo(PendingLifetime));
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("being accepted").And.Contain(neverQueued.ToString()));
            Assert.That(acceptedId, Is.Not.EqualTo(neverQueued));
            Assert.That(await DeduplicationKeys.ValueAsync(MessageChannel.Sms, "+14155552671", null, body), Is.EqualTo(acceptedId.ToString()),
                "the accepted message's claim is confirmed for the window");
        });
    }
}
