using Aggregator.Contracts;
using Aggregator.Delivery.Attempts;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Delivery;

[Category("Integration")]
public class When_a_message_is_submitted_for_delivery
{
    [Test]
    public async Task Should_deliver_it_once_on_the_first_attempt()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message(MessageChannel.Email);

        await delivery.Bus.Publish(message);
        var saga = await delivery.WaitForState(message.MessageId, m => m.Delivered);
        var attempts = await delivery.AttemptsAsync(message.MessageId);

        Assert.Multiple(() =>
        {
            Assert.That(saga.Attempts, Is.EqualTo(1));
            Assert.That(saga.Recipient, Is.EqualTo("j***@example.com"));
            Assert.That(saga.TraceId, Is.EqualTo(message.TraceId));
            Assert.That(saga.DeliveredAt, Is.Not.Null);
            Assert.That(attempts.Select(a => a.Outcome), Is.EqualTo(new[] { AttemptOutcome.Succeeded }));
            Assert.That(attempts[0].ProviderMessageId, Is.Not.Empty);
            Assert.That(delivery.Calls.For(message.MessageId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_send_the_command_to_the_channels_own_queue()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message(MessageChannel.Whatsapp);

        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Delivered);

        var sent = delivery.Harness.Sent.Select<DeliverMessage>(m => m.Context.Message.MessageId == message.MessageId).Single();
        Assert.That(sent.Context.DestinationAddress!.AbsolutePath, Does.EndWith("whatsapp_delivery_queue"));
    }
}
