using System.Diagnostics;
using System.Net;
using Aggregator.Contracts;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Router;

/// <summary>
/// Outages answered honestly: 503 with Retry-After in bounded time; nothing queued and nothing left behind, or, where
/// the broker may have taken the message, the id it was tried under and a claim that keeps naming it. Each spec
/// reaches Redis or the broker through a <see cref="FaultProxy"/> of its own, so the servers stay up for everyone else.
/// </summary>
[Category("Integration")]
public class When_a_dependency_is_down
{
    /// <summary>The publish timeout (2 s) and the Redis timeout (1 s), with room for a cold first request.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [Test]
    public async Task Should_answer_503_when_redis_refuses_connections_then_open_the_circuit_and_recover()
    {
        await using var redis = await ProxiedServers.RedisAsync();
        using var router = new RouterHost(redis.RedisSettings("abortConnect=false,connectTimeout=500,asyncTimeout=500"));
        using var client = router.CreateClient();
        var before = await client.PostMessageAsync(SampleMessages.Sms());

        var answers = new List<(HttpStatusCode Status, TimeSpan? RetryAfter, TimeSpan Took, string? Detail)>();
        HttpResponseMessage health;
        redis.Refuse();
        try
        {
            for (var i = 0; i < 12; i++)
            {
                var clock = Stopwatch.StartNew();
                var response = await client.PostMessageAsync(SampleMessages.Sms());
                answers.Add((response.StatusCode, response.Headers.RetryAfter?.Delta, clock.Elapsed, await DetailAsync(response)));
            }
            health = await client.GetAsync("/health");
        }
        finally
        {
            redis.Pass();
        }
        // The circuit lets a trial call through after its break (5 s) and closes when it succeeds.
        var after = await AcceptedAgainAsync(client, "the Router to accept messages again after Redis returned");

        Assert.Multiple(() =>
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(answers.Select(a => a.Status), Has.All.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(answers.Select(a => a.RetryAfter), Has.All.Not.Null);
            Assert.That(answers.Select(a => a.Took), Has.All.LessThan(Bound));
            Assert.That(answers.Select(a => a.Detail), Has.All.EqualTo("The de-duplication store is unavailable; nothing was queued."));
            // Once the breaker is open, the Retry-After is its break duration (5 s).
            Assert.That(answers[^1].RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        });
    }

    [Test]
    public async Task Should_answer_503_within_the_timeout_when_redis_stops_answering()
    {
        await using var redis = await ProxiedServers.RedisAsync();
        using var router = new RouterHost(redis.RedisSettings());
        using var client = router.CreateClient();
        var before = await client.PostMessageAsync(SampleMessages.Sms());

        HttpResponseMessage during;
        TimeSpan took;
        redis.Stall();
        try
        {
            var clock = Stopwatch.StartNew();
            during = await client.PostMessageAsync(SampleMessages.Sms());
            took = clock.Elapsed;
        }
        finally
        {
            redis.Pass();
        }
        var after = await AcceptedAgainAsync(client, "the Router to accept messages again after Redis answered again");

        Assert.Multiple(async () =>
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(during.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(during.Headers.RetryAfter, Is.Not.Null);
            Assert.That(await DetailAsync(during), Is.EqualTo("The de-duplication store is unavailable; nothing was queued."));
            Assert.That(took, Is.LessThan(Bound));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        });
    }

    private static async Task<string?> DetailAsync(HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("detail").GetString();

    private static Task<HttpResponseMessage> AcceptedAgainAsync(HttpClient client, string what) =>
        Eventually.Get(async () =>
        {
            var response = await client.PostMessageAsync(SampleMessages.Sms());
            return (response.StatusCode == HttpStatusCode.Accepted, response);
        }, TimeSpan.FromSeconds(60), what);

    [Test]
    public async Task Should_answer_503_when_no_delivery_service_has_bound_its_queue()
    {
        var vhost = $"{TestRun.VirtualHost}-empty";
        using var management = TestRun.ManagementClient();
        (await management.PutAsync($"vhosts/{Uri.EscapeDataString(vhost)}", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
            .EnsureSuccessStatusCode();
        (await management.PutAsync($"permissions/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(TestServers.MqUser)}",
            new StringContent("""{"configure":".*","write":".*","read":".*"}""", System.Text.Encoding.UTF8, "application/json")))
            .EnsureSuccessStatusCode();
        try
        {
            using var router = new RouterHost(new Dictionary<string, string?> { ["RabbitMq:VirtualHost"] = vhost });
            using var client = router.CreateClient();

            var body = $"Nobody listens {Guid.NewGuid():N}";

            var response = await client.PostMessageAsync(new { channel = "sms", recipient = "+14155552671", body });
            var problem = await response.JsonAsync();
            Assert.Multiple(async () =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("bound its queue"));
                // A returned message is a definite refusal: nothing was queued, so no id is named and no claim kept.
                Assert.That(problem.TryGetProperty("messageId", out _), Is.False);
                Assert.That(await DeduplicationKeys.ValueAsync(MessageChannel.Sms, "+14155552671", null, body), Is.Null);
            });
        }
        finally
        {
            await management.DeleteAsync($"vhosts/{Uri.EscapeDataString(vhost)}");
        }
    }

    [Test]
    public async Task Should_answer_503_while_rabbitmq_refuses_connections_and_accept_the_retry_under_the_same_id()
    {
        await using var broker = await ProxiedServers.RabbitMqAsync();
        using var router = new RouterHost(broker.RabbitMqSettings());
        using var client = router.CreateClient();
        var message = new { channel = "sms", recipient = "+14155552671", body = $"Outage {Guid.NewGuid():N}" };

        HttpResponseMessage during;
        TimeSpan took;
        string? claim;
        broker.Refuse();
        try
        {
            var clock = Stopwatch.StartNew();
            during = await client.PostMessageAsync(message);
            took = clock.Elapsed;
            claim = await DeduplicationKeys.ValueAsync(MessageChannel.Sms, message.recipient, null, message.body);
        }
        finally
        {
            broker.Pass();
        }
        // The publish was never confirmed, and the Router cannot tell whether it reached the broker: the same message
        // sent again is published again under the id it tried, not refused and not given a second id.
        var tried = (await during.JsonAsync()).GetProperty("messageId").GetGuid();
        var after = await Eventually.Get(async () =>
        {
            var response = await client.PostMessageAsync(message);
            return (response.StatusCode == HttpStatusCode.Accepted, response);
        }, TimeSpan.FromSeconds(60), "the Router to accept the same message again after the broker returned");

        Assert.Multiple(async () =>
        {
            Assert.That(during.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(during.Headers.RetryAfter, Is.Not.Null);
            Assert.That(await DetailAsync(during), Does.Contain("whether it was queued is not known"));
            Assert.That(took, Is.LessThan(Bound));
            Assert.That(claim, Is.EqualTo($"?{tried}"), "the claim of a message that may be queued must be kept, marked unconfirmed");
            Assert.That((await after.JsonAsync()).GetProperty("messageId").GetGuid(), Is.EqualTo(tried));
            Assert.That(await DeduplicationKeys.ValueAsync(MessageChannel.Sms, message.recipient, null, message.body), Is.EqualTo(tried.ToString()));
        });
    }
}
