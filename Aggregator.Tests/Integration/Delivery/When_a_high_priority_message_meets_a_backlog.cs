using Aggregator.Contracts;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// A high-priority message travels its own lanes (the saga's and the channel's), so it is delivered while hundreds of
/// normal messages still wait behind a slow provider. The benchmark measures the same with 20,000 waiting.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class When_a_high_priority_message_meets_a_backlog
{
    private const int Backlog = 300;

    [Test]
    public async Task Should_deliver_it_ahead_of_the_normal_backlog()
    {
        using var delivery = new DeliveryHost(new Dictionary<string, string?>
        {
            // Two at a time, 200 ms each: the backlog takes about 30 s to drain.
            ["Channels:Sms:ConcurrentMessageLimit"] = "2",
            ["Channels:Sms:PrefetchCount"] = "2",
        });
        using var client = delivery.CreateClient();
        var normal = new List<Guid>();
        for (var i = 0; i < Backlog; i++)
        {
            normal.Add(await delivery.SubmitDirectAsync(DeliveryHarness.Message(simulate: "delay-ms:200", body: $"bulk {i} {Guid.NewGuid():N}")));
        }
        await client.WaitForStateAsync(normal[^1], "Accepted", TimeSpan.FromSeconds(30));

        var urgent = await delivery.SubmitDirectAsync(DeliveryHarness.Message(simulate: "delay-ms:200", body: "Your code is 654321") with
        {
            Priority = MessagePriority.High,
        });
        var delivered = await client.WaitForStateAsync(urgent, "Delivered", TimeSpan.FromSeconds(10));
        var stillWaiting = await DeliveryDatabase.ReadAsync(db => Task.FromResult(
            db.Messages.Count(m => normal.Contains(m.CorrelationId) && m.CurrentState == "Accepted")));

        Assert.Multiple(() =>
        {
            Assert.That(delivered.GetProperty("priority").GetString(), Is.EqualTo("high"));
            Assert.That(stillWaiting, Is.GreaterThan(Backlog / 2), "the high message overtook most of the backlog");
        });
    }
}
