using System.Net;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Router;

[Category("Integration")]
public class When_the_same_message_races_itself
{
    [Test]
    public async Task Should_accept_exactly_one_of_many_identical_requests()
    {
        using var router = new RouterHost();
        using var client = router.CreateClient();
        var message = SampleMessages.Sms();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostMessageAsync(message)));
        var accepted = responses.Where(r => r.StatusCode == HttpStatusCode.Accepted).ToList();
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).ToList();
        var acceptedId = (await accepted.Single().JsonAsync()).GetProperty("messageId").GetGuid();
        var namedIds = await Task.WhenAll(refused.Select(async r => (await r.JsonAsync()).GetProperty("messageId").GetGuid()));

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Has.Count.EqualTo(1));
            Assert.That(refused, Has.Count.EqualTo(19));
            Assert.That(namedIds, Has.All.EqualTo(acceptedId));
        });
    }
}
