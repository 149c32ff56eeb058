using Aggregator.Contracts;
using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Channels;
using Aggregator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Integration.ScaleOut;

/// <summary>
/// Two Routers and two Delivery services on one database and one broker, under a load that retries a share of its
/// messages and schedules another: every accepted message is delivered, each provider is called once per attempt and
/// never a second time after a success, and both Delivery instances took part.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class When_two_instances_of_each_service_share_the_load
{
    private const int Messages = 400;

    [Test]
    public async Task Should_deliver_everything_once_across_both_instances()
    {
        var calls = new ProviderCalls();
        var byInstance = new[] { new ProviderCalls(), new ProviderCalls() };
        using var first = new DeliveryHost(testServices: services => CountProviders(services, calls, byInstance[0]));
        using var second = new DeliveryHost(testServices: services => CountProviders(services, calls, byInstance[1]));
        using var firstClient = first.CreateClient();
        using var secondClient = second.CreateClient();
        using var routerA = new RouterHost();
        using var routerB = new RouterHost();
        using var clientA = routerA.CreateClient();
        using var clientB = routerB.CreateClient();

        // Sixteen clients at a time, half on each Router: a steady load, not a burst that outruns Redis's timeouts.
        var submitted = new List<Guid>();
        foreach (var wave in Enumerable.Range(0, Messages).Chunk(16))
        {
            submitted.AddRange(await Task.WhenAll(wave.Select(i => (i % 2 == 0 ? clientA : clientB).SubmitAsync(Message(i)))));
        }
        var attempts = await Eventually.Get(async () =>
        {
            var rows = await DeliveryDatabase.ReadAsync(db => db.Attempts.AsNoTracking().Where(a => submitted.Contains(a.MessageId)).ToListAsync());
            return (rows.Count(a => a.Outcome == AttemptOutcome.Succeeded) >= Messages, rows);
        }, TimeSpan.FromSeconds(90), $"all {Messages} messages to be delivered");
        var states = await DeliveryDatabase.ReadAsync(db => db.Messages.AsNoTracking().Where(m => submitted.Contains(m.CorrelationId))
            .GroupBy(m => m.CurrentState).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());

        Assert.Multiple(() =>
        {
            Assert.That(submitted.Distinct().Count(), Is.EqualTo(Messages));
            Assert.That(states.Single().Key, Is.EqualTo("Delivered"));
            Assert.That(attempts.GroupBy(a => a.MessageId).Where(g => g.Count(a => a.Outcome == AttemptOutcome.Succeeded) != 1).Select(g => g.Key), Is.Empty,
                "exactly one successful attempt per message");
            Assert.That(submitted.Where(id => calls.For(id) != attempts.Count(a => a.MessageId == id)), Is.Empty,
                "the providers were called once per recorded attempt: nothing was sent twice");
            Assert.That(submitted.Count(id => byInstance[0].For(id) > 0), Is.GreaterThan(Messages / 10), "the first instance took part");
            Assert.That(submitted.Count(id => byInstance[1].For(id) > 0), Is.GreaterThan(Messages / 10), "the second instance took part");
        });
    }

    /// <summary>Every tenth retried once, every twentieth scheduled a second ahead, alternately high.</summary>
    private static object Message(int i)
    {
        var body = $"Scale-out {i} {Guid.NewGuid():N}";
        var priority = i % 7 == 0 ? "high" : "normal";
        return (i % 10, i % 20) switch
        {
            (0, _) => new { channel = "sms", recipient = "+14155552671", body, priority, metadata = new { simulate = "fail-times:1" } },
            (_, 5) => new { channel = "email", recipient = $"user{i}@example.com", body, priority, sendAt = DateTimeOffset.UtcNow.AddSeconds(1) },
            _ => (object)new { channel = i % 3 == 0 ? "whatsapp" : "sms", recipient = "+14155552671", body, priority },
        };
    }

    /// <summary>The simulated providers of one instance, counted in total and per instance.</summary>
    private static void CountProviders(IServiceCollection services, ProviderCalls total, ProviderCalls instance)
    {
        foreach (var channel in Enum.GetValues<MessageChannel>())
        {
            services.AddKeyedSingleton<IChannelProvider>(channel, (provider, _) =>
                new CountedProvider(new CountedProvider(SimulatedProvider.For(provider, channel), instance), total));
        }
    }
}
