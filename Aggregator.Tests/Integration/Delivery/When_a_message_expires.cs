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
        delivery = new DeliveryHost();
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
        // Retries after 1 s and 2 s: attempt 2 ends about 1 s in, and its retry slot (about 3 s in) is after expiresAt.
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(2.5);
        var id = await delivery.SubmitDirectAsync(DeliveryHarness.Message(simulate: "fail-always") with { ExpiresAt = expiresAt });

        var expired = await client.WaitForStateAsync(id, "Expired", TimeSpan.FromSeconds(15));
        var outcomes = expired.GetProperty("attemptHistory").EnumerateArray().Select(a => a.GetProperty("outcome").GetString()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Is.EqualTo(new[] { "FailedTransiently", "FailedTransiently" }));
            var lastFinished = expired.GetProperty("attemptHistory")[1].GetProperty("finishedAt").GetDateTimeOffset();
            Assert.That(expired.GetProperty("updatedAt").GetDateTimeOffset() - lastFinished, Is.LessThan(TimeSpan.FromSeconds(1)),
                "Expired as attempt 2 failed, not at the slot after expiresAt (2 s later)");
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
