using Aggregator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// The broker stops and starts again while a retry waits in the scheduler's table. Nothing else runs meanwhile:
/// every other test needs the broker too.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class When_rabbitmq_restarts
{
    [Test]
    public async Task Should_still_deliver_the_pending_retry()
    {
        using var router = Services.Router();
        using var delivery = Services.Delivery();
        using var routerClient = router.CreateClient();
        using var deliveryClient = delivery.CreateClient();

        var messageId = await routerClient.SubmitAsync(DeliveryApi.Simulated("fail-times:1"));
        await Eventually.Get(
            async () => (await DeliveryDatabase.ReadAsync(db => db.ScheduledMessages.AnyAsync(m => m.Body.Contains(messageId.ToString()))), true),
            TimeSpan.FromSeconds(30), "the retry to be stored by the scheduler");

        await RabbitMq.CtlAsync("stop_app");
        await RabbitMq.CtlAsync("start_app");
        await RabbitMq.CtlAsync("await_startup");

        var message = await deliveryClient.WaitForStateAsync(messageId, "Delivered", TimeSpan.FromSeconds(90));
        Assert.That(message.GetProperty("attempts").GetInt32(), Is.EqualTo(2));
    }
}
