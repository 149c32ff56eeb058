using System.Net;
using Aggregator.Contracts;
using Aggregator.Tests.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// The Delivery service's PostgreSQL taken away (for this run only, through a fault proxy) for longer than every retry
/// budget of its endpoints: the messages wait in RabbitMQ, /health says why, and when the database is back every one is
/// delivered with no provider retry spent on the outage and nothing in an error queue.
/// </summary>
[Category("Integration")]
public class When_postgresql_is_down
{
    // More waits than the saga endpoint's own retries (seven, about 4 s), which used to move events into message-state_error.
    private const int WaitsPerMessage = 8;

    [Test]
    public async Task Should_keep_every_message_and_deliver_it_once_the_database_is_back()
    {
        await using var postgres = await ProxiedServers.PostgresAsync();
        using var delivery = new DeliveryHost(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Delivery"] = postgres.Postgres(TestRun.DeliveryDatabase),
        });
        using var client = delivery.CreateClient();
        var bus = delivery.Services.GetRequiredService<IBus>();

        postgres.Refuse();
        var messages = Enumerable.Range(0, 30)
            .Select(n => DeliveryHarness.Message((MessageChannel)(n % 3), simulate: n % 5 == 0 ? "fail-times:1" : null))
            .ToList();
        foreach (var message in messages)
        {
            await bus.Publish(message);
        }
        var health = await Eventually.Get(async () =>
        {
            using var response = await client.GetAsync("/health");
            var body = await response.Content.ReadAsStringAsync();
            return (response.StatusCode == HttpStatusCode.ServiceUnavailable && body.Contains("waiting for PostgreSQL", StringComparison.Ordinal), body);
        }, TimeSpan.FromSeconds(20), "/health to say the consumers wait for PostgreSQL");
        using var lookup = await client.GetAsync($"/api/v1/messages/{messages[0].MessageId}");
        await Eventually.True(async () => await ConsumerWaitsAsync(client) >= WaitsPerMessage * messages.Count,
            TimeSpan.FromSeconds(60), "every message to have waited longer than the saga endpoint's retry budget");
        postgres.Pass();

        await using var db = DeliveryDatabase.Open();
        var states = await Eventually.Get(async () =>
        {
            var rows = await db.Messages.AsNoTracking()
                .Where(m => messages.Select(x => x.MessageId).Contains(m.CorrelationId))
                .ToListAsync();
            return (rows.Count == messages.Count && rows.All(r => r.CurrentState == "Delivered"), rows);
        }, TimeSpan.FromSeconds(60), "every message to be delivered after the outage");
        var attempts = await db.Attempts.AsNoTracking()
            .Where(a => messages.Select(x => x.MessageId).Contains(a.MessageId))
            .GroupBy(a => a.MessageId)
            .Select(g => new { MessageId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(a => a.MessageId, a => a.Count);
        var deadLettered = await RabbitMqQueues.PeekAsync("message-state_error", 1000);

        Assert.Multiple(() =>
        {
            Assert.That(health, Does.Contain("messages stay in RabbitMQ"));
            Assert.That(lookup.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "the support API during the outage");
            Assert.That(lookup.Headers.RetryAfter, Is.Not.Null);
            Assert.That(states, Has.Count.EqualTo(messages.Count));
            foreach (var message in messages)
            {
                var expected = message.Metadata is null ? 1 : 2;
                Assert.That(attempts.GetValueOrDefault(message.MessageId), Is.EqualTo(expected),
                    $"attempts of {message.MessageId}: the outage must not spend provider retries");
                Assert.That(deadLettered.Any(body => body.Contains(message.MessageId.ToString(), StringComparison.Ordinal)), Is.False);
            }
        });
    }

    /// <summary><c>aggregator_consumer_waits_total</c> from the service's own <c>/metrics</c>.</summary>
    private static async Task<double> ConsumerWaitsAsync(HttpClient client)
    {
        var metrics = await client.GetStringAsync("/metrics");
        return metrics.Split('\n')
            .Where(line => line.StartsWith("aggregator_consumer_waits_total", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
