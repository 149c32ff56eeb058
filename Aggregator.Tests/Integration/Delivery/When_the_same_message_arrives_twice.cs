using Aggregator.Contracts;
using Aggregator.Delivery.StatusEvents;
using Aggregator.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
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
            Assert.That(delivery.CommandsSent(message.MessageId), Is.Empty,
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

    [Test]
    public async Task Should_tell_the_delivered_status_again_with_the_same_event_id_when_the_submission_comes_back()
    {
        await using var delivery = await DeliveryHarness.StartAsync(services: services => services.AddSingleton<IStatusListeners, Listening>());
        var message = DeliveryHarness.Message();
        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Delivered);

        // As the broker would hand it out again after a crash that followed the in-process delivery and lost its event.
        await delivery.Bus.Publish(message);
        var told = await Eventually.Get(() =>
        {
            var delivered = delivery.Harness.Published.Select<MessageStatusChanged>(m => m.Context.Message.MessageId == message.MessageId
                && m.Context.Message.Type == "message.delivered").Select(m => m.Context.Message).ToList();
            return Task.FromResult((delivered.Count == 2, delivered));
        }, TimeSpan.FromSeconds(10), "the delivered status to be told twice");

        Assert.Multiple(() =>
        {
            Assert.That(told.Select(e => e.EventId).Distinct().Count(), Is.EqualTo(1), "one event id for both copies");
            Assert.That(told.Select(e => e.Attempts), Has.All.EqualTo(1));
            Assert.That(delivery.Calls.For(message.MessageId), Is.EqualTo(1));
        });
    }

    private sealed class Listening : IStatusListeners
    {
        public bool AnyListening => true;
    }
}
