using Aggregator.Delivery.Attempts;
using Aggregator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// A retry is pending when the Delivery process dies by SIGKILL, and it stays down past the retry's due time;
/// a new process must still deliver the message, late but not lost.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class When_the_delivery_process_is_killed
{
    [Test]
    public async Task Should_deliver_pending_retries_after_a_restart()
    {
        using var router = new RouterHost();
        using var routerClient = router.CreateClient();
        var messageId = Guid.Empty;
        using (var doomed = DeliveryProcess.Start())
        {
            await doomed.WaitUntilHealthyAsync();
            messageId = await routerClient.SubmitAsync(DeliveryApi.Simulated("fail-times:2"));
            try
            {
                await Eventually.Get(
                    async () => ((await DeliveryDatabase.ScheduledForAsync(messageId)).Count > 0, true),
                    TimeSpan.FromSeconds(30), "the first retry to be stored by the scheduler");
            }
            catch (TimeoutException)
            {
                TestContext.Out.WriteLine(doomed.Output);
                throw;
            }
            doomed.Kill();
        }
        var due = (await DeliveryDatabase.ScheduledForAsync(messageId)).Max(m => m.DueAt);
        // Stay down until the retry is overdue: the behaviour under test is a retry whose time passed while nobody ran.
        await Eventually.Get(() => Task.FromResult((DateTimeOffset.UtcNow > due.AddMilliseconds(500), true)), TimeSpan.FromSeconds(10), "the retry to be overdue");

        using var restarted = DeliveryProcess.Start();
        await restarted.WaitUntilHealthyAsync();
        var attempts = await Eventually.Get(async () =>
        {
            var rows = await DeliveryDatabase.ReadAsync(db => db.Attempts.AsNoTracking().Where(a => a.MessageId == messageId).OrderBy(a => a.Attempt).ToListAsync());
            return (rows.Any(a => a.Outcome == AttemptOutcome.Succeeded), rows);
        }, TimeSpan.FromSeconds(60), $"message {messageId} to be delivered after the restart");
        var state = await Eventually.Get(async () =>
        {
            var saga = await DeliveryDatabase.ReadAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.CorrelationId == messageId));
            return (saga.CurrentState == "Delivered", saga);
        }, TimeSpan.FromSeconds(30), "the saga to record the delivery");

        Assert.Multiple(() =>
        {
            Assert.That(attempts.Select(a => a.Outcome), Is.EqualTo(new[]
            {
                AttemptOutcome.FailedTransiently, AttemptOutcome.FailedTransiently, AttemptOutcome.Succeeded,
            }));
            Assert.That(state.Attempts, Is.EqualTo(3));
        });
    }
}
