using Aggregator.Contracts;
using Aggregator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Tests.Integration.Delivery;

[Category("Integration")]
public class When_the_same_message_arrives_twice
{
    [Test]
    public async Task Should_keep_one_saga_and_deliver_once_for_a_duplicate_submission()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message();

        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Delivered);
        await delivery.Bus.Publish(message);
        await Eventually.Get(
            () => Task.FromResult((delivery.Saga.Consumed.Select<MessageSubmitted>(m => m.Context.Message.MessageId == message.MessageId).Count() == 2, true)),
            TimeSpan.FromSeconds(10), "the saga to consume the duplicate");

        var sagas = await delivery.ReadAsync(db => db.Messages.CountAsync(m => m.CorrelationId == message.MessageId));
        Assert.Multiple(() =>
        {
            Assert.That(sagas, Is.EqualTo(1));
            Assert.That(delivery.Calls.For(message.MessageId), Is.EqualTo(1));
            Assert.That(delivery.Harness.Sent.Select<DeliverMessage>(m => m.Context.Message.MessageId == message.MessageId), Is.Empty,
                "the first attempt ran in process and the duplicate sent nothing");
        });
    }

    [Test]
    public async Task Should_not_call_the_provider_again_for_a_redelivered_command()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message();
        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Delivered);

        // As if a copy of the command reached the channel's queue after the first attempt was made in process.
        await delivery.SendCommandAsync(DeliveryHarness.Command(message));
        await Eventually.Get(
            () => Task.FromResult((delivery.Harness.Consumed.Select<DeliverMessage>(m => m.Context.Message.MessageId == message.MessageId).Count() == 1, true)),
            TimeSpan.FromSeconds(10), "the redelivered command to be answered");

        var saga = await delivery.WaitForState(message.MessageId, m => m.Delivered);
        Assert.Multiple(async () =>
        {
            Assert.That(delivery.Calls.For(message.MessageId), Is.EqualTo(1));
            Assert.That(saga.Attempts, Is.EqualTo(1));
            Assert.That(await delivery.AttemptsAsync(message.MessageId), Has.Count.EqualTo(1));
        });
    }
}
