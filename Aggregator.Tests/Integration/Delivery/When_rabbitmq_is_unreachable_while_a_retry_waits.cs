using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// The Delivery service loses the broker, through a proxy of its own, while a retry waits in the scheduler's table,
/// and it stays away past the retry's due time: the dispatcher cannot send the row, must keep it, and sends it once
/// the broker is back.
/// </summary>
[Category("Integration")]
public class When_rabbitmq_is_unreachable_while_a_retry_waits
{
    [Test]
    public async Task Should_keep_the_overdue_retry_and_deliver_it_once_the_broker_is_back()
    {
        await using var broker = await ProxiedServers.RabbitMqAsync();
        using var router = new RouterHost();
        // A retry 3 s out leaves time to cut the broker off after the row is seen and before it is due.
        var settings = broker.RabbitMqSettings();
        settings["Redelivery:Intervals:0"] = "00:00:03";
        using var delivery = new DeliveryHost(settings);
        using var deliveryClient = delivery.CreateClient();
        using var routerClient = router.CreateClient();

        var messageId = await routerClient.SubmitAsync(DeliveryApi.Simulated("fail-times:1"));
        var due = await Eventually.Get(async () =>
        {
            var row = await ScheduledRetryDueAsync(messageId);
            return (row is not null, row.GetValueOrDefault());
        }, TimeSpan.FromSeconds(30), "the retry to be stored by the scheduler");

        bool keptWhileAway;
        broker.Refuse();
        try
        {
            await Eventually.Get(() => Task.FromResult((DateTimeOffset.UtcNow > due.AddSeconds(1), true)), TimeSpan.FromSeconds(10), "the retry to be overdue");
            keptWhileAway = await ScheduledRetryDueAsync(messageId) is not null;
        }
        finally
        {
            broker.Pass();
        }
        var message = await deliveryClient.WaitForStateAsync(messageId, "Delivered", TimeSpan.FromSeconds(90));
        var left = await RowLeftAfterItsSendAsync(messageId);

        Assert.Multiple(async () =>
        {
            Assert.That(keptWhileAway, Is.True, "the dispatcher dropped a retry it could not send");
            Assert.That(message.GetProperty("attemptHistory").EnumerateArray().Select(a => a.GetProperty("outcome").GetString()),
                Is.EqualTo(new[] { "FailedTransiently", "Succeeded" }));
            Assert.That(left, Is.Null, "the sent retry is still in the scheduler's table");
        });
    }

    /// <summary>
    /// The row, if any, once the dispatcher has had time to commit: it deletes a sent row in the transaction that sent it,
    /// which commits just after the send, so the retry can be delivered before the delete is seen.
    /// </summary>
    private static async Task<DateTimeOffset?> RowLeftAfterItsSendAsync(Guid messageId)
    {
        try
        {
            await Eventually.True(async () => await ScheduledRetryDueAsync(messageId) is null, TimeSpan.FromSeconds(10), "the sent retry's row to go");
        }
        catch (TimeoutException)
        {
            // Left for the assertion to report.
        }
        return await ScheduledRetryDueAsync(messageId);
    }

    private static async Task<DateTimeOffset?> ScheduledRetryDueAsync(Guid messageId) =>
        (await DeliveryDatabase.ScheduledForAsync(messageId)).Select(m => (DateTimeOffset?)m.DueAt).SingleOrDefault();
}
