using System.Net.Http.Json;
using Aggregator.Contracts;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Router;

/// <summary>
/// A client that goes away while its message is being published leaves no claim naming a message that does not
/// exist: the Router finishes publishing and settling the claim on its own.
/// </summary>
[Category("Integration")]
public class When_a_client_disconnects_mid_request
{
    // Long enough that the publish is settled by the broker's answer, not by the Router's timeout.
    private static readonly Dictionary<string, string?> LongPublishTimeout = new() { ["Resilience:PublishTimeout"] = "00:00:20" };

    [TestCase(FirstPublish.ReachesBroker)]
    [TestCase(FirstPublish.IsReturned)]
    public async Task Should_leave_a_claim_only_for_a_queued_message(FirstPublish first)
    {
        using var router = new RouterHost(LongPublishTimeout, HeldFirstPublish.Instead(first));
        using var client = router.CreateClient();
        var publish = HeldFirstPublish.Of(router.Services);
        var body = $"Your code is {Guid.NewGuid():N}";
        using var disconnect = new CancellationTokenSource();

        var sending = client.PostAsJsonAsync("/api/v1/messages", new { channel = "sms", recipient = "+14155552671", body }, disconnect.Token);
        await publish.FirstStarted;
        await disconnect.CancelAsync();
        publish.Release();
        await publish.FirstFinished;
        try
        {
            // The test server answers a cancelled request only once its handler has ended; what it says does not matter.
            await sending;
        }
        catch (OperationCanceledException)
        {
        }

        var claim = await Eventually.Get(async () =>
        {
            var value = await DeduplicationKeys.ValueAsync(MessageChannel.Sms, "+14155552671", null, body);
            var settled = first == FirstPublish.ReachesBroker ? value == publish.ReachedBroker.SingleOrDefault().ToString() : value is null;
            return (settled, value);
        }, TimeSpan.FromSeconds(10), "the Router to settle the claim of the abandoned request");

        Assert.That(claim, first == FirstPublish.ReachesBroker ? Is.EqualTo(publish.ReachedBroker.Single().ToString()) : Is.Null);
    }
}
