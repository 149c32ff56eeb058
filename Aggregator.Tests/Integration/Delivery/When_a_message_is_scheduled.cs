using System.Text.Json;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// A message with <c>sendAt</c> waits Scheduled on the durable scheduler and its first attempt starts at <c>sendAt</c>,
/// not before and within a second after; the wait survives a restart of the Delivery service.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class When_a_message_is_scheduled
{
    [Test]
    public async Task Should_wait_scheduled_and_start_its_first_attempt_within_a_second_after_send_at()
    {
        using var delivery = new DeliveryHost();
        using var client = delivery.CreateClient();
        var sendAt = DateTimeOffset.UtcNow.AddSeconds(3);
        var id = await delivery.SubmitDirectAsync(DeliveryHarness.Message() with { SendAt = sendAt });

        var scheduled = await client.WaitForStateAsync(id, "Scheduled", TimeSpan.FromSeconds(10));
        var delivered = await client.WaitForStateAsync(id, "Delivered", TimeSpan.FromSeconds(15));

        var startedAt = FirstAttemptStart(delivered);
        Assert.Multiple(() =>
        {
            Assert.That(scheduled.GetProperty("sendAt").GetDateTimeOffset(), Is.EqualTo(sendAt).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(startedAt, Is.GreaterThanOrEqualTo(sendAt), "not before sendAt");
            Assert.That(startedAt - sendAt, Is.LessThan(TimeSpan.FromSeconds(1)), "within a second after sendAt");
            Assert.That(delivered.GetProperty("attempts").GetInt32(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_keep_its_time_across_a_restart_of_the_delivery_service()
    {
        var sendAt = DateTimeOffset.UtcNow.AddSeconds(5);
        Guid id;
        using (var first = new DeliveryHost())
        {
            using var client = first.CreateClient();
            id = await first.SubmitDirectAsync(DeliveryHarness.Message() with { SendAt = sendAt });
            await client.WaitForStateAsync(id, "Scheduled", TimeSpan.FromSeconds(10));
            await Eventually.True(async () => (await DeliveryDatabase.ScheduledForAsync(id)).Count > 0, TimeSpan.FromSeconds(10),
                "the first attempt to be stored by the scheduler");
        }

        using var second = new DeliveryHost();
        using var secondClient = second.CreateClient();
        var delivered = await secondClient.WaitForStateAsync(id, "Delivered", TimeSpan.FromSeconds(20));

        var startedAt = FirstAttemptStart(delivered);
        Assert.That(startedAt, Is.GreaterThanOrEqualTo(sendAt).And.LessThan(sendAt.AddSeconds(1)));
    }

    private static DateTimeOffset FirstAttemptStart(JsonElement message) =>
        message.GetProperty("attemptHistory")[0].GetProperty("startedAt").GetDateTimeOffset();
}
