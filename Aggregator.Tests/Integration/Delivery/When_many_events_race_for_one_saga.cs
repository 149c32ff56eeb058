using Aggregator.Contracts;
using Aggregator.Delivery.StateMachines;
using Aggregator.Tests.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// Two Delivery instances compete for the saga queue on the real broker while forty outcomes of one
/// message arrive at once. Each raises the saga's settled-attempt count to its own attempt number, so a lost
/// update (two transactions reading the same row and the lower write landing last) would leave it below forty.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class When_many_events_race_for_one_saga
{
    private const int Events = 40;

    [Test]
    public async Task Should_apply_every_one_without_a_lost_update()
    {
        using var first = new DeliveryHost();
        using var second = new DeliveryHost();
        first.CreateClient().Dispose();
        second.CreateClient().Dispose();
        var messageId = NewId.NextGuid();
        await using (var db = DeliveryDatabase.Open())
        {
            db.Messages.Add(new MessageState
            {
                CorrelationId = messageId,
                CurrentState = "Processing",
                TraceId = "0af7651916cd43dd8448eb211c80319c",
                Channel = MessageChannel.Sms,
                Recipient = "+1******2671",
                CreatedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var bus = first.Services.GetRequiredService<IBus>();
        var now = DateTimeOffset.UtcNow;
        await Task.WhenAll(Enumerable.Range(1, Events).Select(attempt => bus.Publish(new DeliveryAttemptFailed
        {
            MessageId = messageId,
            TraceId = "0af7651916cd43dd8448eb211c80319c",
            Attempt = attempt,
            Error = $"failure {attempt}",
            FailedAt = now,
            NextAttemptAt = now.AddMinutes(attempt),
        })));

        var saga = await Eventually.Get(async () =>
        {
            var state = await DeliveryDatabase.ReadAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.CorrelationId == messageId));
            return (state.FinishedAttempts == Events, state);
        }, TimeSpan.FromSeconds(30), $"all {Events} outcomes to be applied");

        Assert.Multiple(() =>
        {
            Assert.That(saga.CurrentState, Is.EqualTo("Retrying"));
            Assert.That(saga.Attempts, Is.EqualTo(Events));
            Assert.That(saga.LastError, Is.EqualTo($"failure {Events}"));
            Assert.That(saga.NextAttemptAt, Is.EqualTo(now.AddMinutes(Events)).Within(TimeSpan.FromMilliseconds(1)));
        });
    }
}
