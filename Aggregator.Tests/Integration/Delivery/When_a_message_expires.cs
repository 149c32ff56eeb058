using Aggregator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// No attempt starts after <c>expiresAt</c>: a message that waited past it in a queue is Expired without a provider
/// call, and a transient failure whose retry slot falls after it makes the message Expired at once instead of retrying.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class When_a_message_expires
{
    private DeliveryHost delivery = null!;
    private HttpClient client = null!;

    [OneTimeSetUp]
    public void Start()
    {
        // Retries after 2 s and 10 s: wide enough for a slow machine (see the spec of expiry during retries).
        delivery = new DeliveryHost(new Dictionary<string, string?>
        {
            ["Redelivery:Intervals:0"] = "00:00:02",
            ["Redelivery:Intervals:1"] = "00:00:10",
        });
        client = delivery.CreateClient();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        client.Dispose();
        delivery.Dispose();
    }

    [Test]
    public async Task Should_expire_a_one_time_code_that_waited_past_its_expiry_without_sending_it()
    {
        // As a backlog leaves it: accepted in time, taken from the queue after expiresAt.
        var id = await delivery.SubmitDirectAsync(DeliveryHarness.Message(body: "Your code is 123456") with
        {
            ExpiresAt = DateTimeOffset.UtcNow.AddMilliseconds(-1),
        });

        var expired = await client.WaitForStateAsync(id, "Expired", TimeSpan.FromSeconds(15));

        Assert.Multiple(() =>
        {
            Assert.That(expired.GetProperty("attempts").GetInt32(), Is.Zero);
            Assert.That(expired.GetProperty("attemptHistory").GetArrayLength(), Is.Zero, "no provider was called");
        });
        Assert.That(await DeliveryDatabase.ReadAsync(db => db.DeliveryCommands.AnyAsync(c => c.MessageId == id)), Is.False,
            "an expired message keeps no copy of its body");
    }

    [Test]
    public async Task Should_expire_during_retries_when_the_next_slot_falls_after_expires_at()
    {
        // Attempt 1 fails within the first 4 s, so its retry (2 s later) is before expiresAt; attempt 2's retry slot, 10 s
        // after it, is not.
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(6);
        var id = await delivery.SubmitDirectAsync(DeliveryHarness.Message(simulate: "fail-always") with { ExpiresAt = expiresAt });

        var expired = await client.WaitForStateAsync(id, "Expired", TimeSpan.FromSeconds(15));
        var outcomes = expired.GetProperty("attemptHistory").EnumerateArray().Select(a => a.GetProperty("outcome").GetString()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Is.EqualTo(new[] { "FailedTransiently", "FailedTransiently" }));
            var lastFinished = expired.GetProperty("attemptHistory")[1].GetProperty("finishedAt").GetDateTimeOffset();
            Assert.That(expired.GetProperty("updatedAt").GetDateTimeOffset() - lastFinished, Is.LessThan(TimeSpan.FromSeconds(1)),
                "Expired as attempt 2 failed, not at the slot after expiresAt (10 s later)");
            Assert.That(expired.GetProperty("lastError").GetString(), Is.Not.Empty);
        });
        // Nothing more is attempted: no retry is left on the scheduler.
        Assert.That(await DeliveryDatabase.ScheduledForAsync(id), Is.Empty);
    }

    [Test]
    public async Task Should_deliver_a_message_whose_expiry_is_ahead()
    {
        var id = await delivery.SubmitDirectAsync(DeliveryHarness.Message() with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(5) });

        var delivered = await client.WaitForStateAsync(id, "Delivered", TimeSpan.FromSeconds(15));

        Assert.That(delivered.GetProperty("expiresAt").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.String));
    }
}
