using System.Diagnostics;
using System.Net;
using Aggregator.Contracts;
using Aggregator.Router.Deduplication;
using Aggregator.Tests.Infrastructure;
using StackExchange.Redis;

namespace Aggregator.Tests.Integration.Router;

/// <summary>Outages answered honestly: 503 with Retry-After in bounded time, nothing queued, nothing left behind.</summary>
[Category("Integration")]
[NonParallelizable]
public class When_a_dependency_is_down
{
    /// <summary>The publish timeout (2 s) and the Redis timeout (1 s), with room for a cold first request.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [Test]
    public async Task Should_answer_503_when_redis_is_unreachable_and_then_open_the_circuit()
    {
        // Nothing listens on this port: Redis is "down" for this Router only.
        using var router = Services.Router(new Dictionary<string, string?>
        {
            ["Redis:ConnectionString"] = "localhost:6398,abortConnect=false,connectTimeout=500,asyncTimeout=500",
        });
        using var client = router.CreateClient();

        var answers = new List<(HttpStatusCode Status, TimeSpan? RetryAfter, TimeSpan Took)>();
        for (var i = 0; i < 12; i++)
        {
            var clock = Stopwatch.StartNew();
            var response = await client.PostMessageAsync(SampleMessages.Sms());
            answers.Add((response.StatusCode, response.Headers.RetryAfter?.Delta, clock.Elapsed));
        }
        var health = await client.GetAsync("/health");

        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.Status), Has.All.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(answers.Select(a => a.RetryAfter), Has.All.Not.Null);
            Assert.That(answers.Select(a => a.Took), Has.All.LessThan(Bound));
            // Once the breaker is open, the Retry-After is its break duration (5 s).
            Assert.That(answers[^1].RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        });
    }

    [Test]
    public async Task Should_answer_503_when_no_delivery_service_has_bound_its_queue()
    {
        var vhost = $"{TestRun.VirtualHost}-empty";
        using var management = TestRun.ManagementClient();
        await management.PutAsync($"vhosts/{Uri.EscapeDataString(vhost)}", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        await management.PutAsync($"permissions/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(TestServers.MqUser)}",
            new StringContent("""{"configure":".*","write":".*","read":".*"}""", System.Text.Encoding.UTF8, "application/json"));
        try
        {
            using var router = Services.Router(new Dictionary<string, string?> { ["RabbitMq:VirtualHost"] = vhost });
            using var client = router.CreateClient();

            var response = await client.PostMessageAsync(SampleMessages.Sms());
            Assert.Multiple(async () =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That((await response.JsonAsync()).GetProperty("detail").GetString(), Does.Contain("bound its queue"));
            });
        }
        finally
        {
            await management.DeleteAsync($"vhosts/{Uri.EscapeDataString(vhost)}");
        }
    }

    [Test]
    public async Task Should_answer_503_while_rabbitmq_is_stopped_and_leave_no_duplicate_key()
    {
        using var router = Services.Router();
        using var client = router.CreateClient();
        var body = $"Outage {Guid.NewGuid():N}";

        await RabbitMq.CtlAsync("stop_app");
        HttpResponseMessage during;
        TimeSpan took;
        bool keyLeft;
        try
        {
            var clock = Stopwatch.StartNew();
            during = await client.PostMessageAsync(new { channel = "sms", recipient = "+14155552671", body });
            took = clock.Elapsed;
            var fingerprint = ContentFingerprint.Of(DeduplicationScope.Content, Channel.Sms, "+14155552671", null, body);
            await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
            keyLeft = await redis.GetDatabase().KeyExistsAsync($"{TestRun.RedisKeyPrefix}dedupe:{fingerprint}");
        }
        finally
        {
            await RabbitMq.CtlAsync("start_app");
            await RabbitMq.CtlAsync("await_startup");
        }
        var after = await Eventually.Get(async () =>
        {
            var response = await client.PostMessageAsync(SampleMessages.Sms());
            return (response.StatusCode == HttpStatusCode.Accepted, response);
        }, TimeSpan.FromSeconds(60), "the Router to accept messages again after the broker returned");

        Assert.Multiple(() =>
        {
            Assert.That(during.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(during.Headers.RetryAfter, Is.Not.Null);
            Assert.That(took, Is.LessThan(Bound));
            Assert.That(keyLeft, Is.False, "the refused message left its de-duplication key behind");
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        });
    }
}
