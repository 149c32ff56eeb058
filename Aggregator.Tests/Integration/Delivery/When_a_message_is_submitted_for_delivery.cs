using Aggregator.Contracts;
using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Channels;
using Aggregator.Tests.Infrastructure;
using MassTransit;

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
    public async Task Should_make_the_first_attempt_in_process_without_a_second_trip_through_the_broker()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message(MessageChannel.Whatsapp);

        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Delivered);

        Assert.Multiple(() =>
        {
            Assert.That(delivery.CommandsSent(message.MessageId), Is.Empty);
            Assert.That(delivery.Calls.For(message.MessageId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_claim_the_first_attempt_in_process_with_the_sagas_own_insert()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message(MessageChannel.Sms, simulate: "delay-ms:1500");

        await delivery.Bus.Publish(message);
        var processing = await delivery.WaitForState(message.MessageId, m => m.Processing);
        var delivered = await delivery.WaitForState(message.MessageId, m => m.Delivered);

        Assert.Multiple(() =>
        {
            Assert.That(processing.Attempts, Is.EqualTo(1));
            // Lease and change written together by the saga (a claim of its own would take PostgreSQL's clock for the lease).
            Assert.That(processing.LeaseUntil - processing.UpdatedAt, Is.EqualTo(DeliveryHarness.Lease));
            Assert.That(delivered.Attempts, Is.EqualTo(1));
            Assert.That(delivered.LeaseUntil, Is.Null);
            Assert.That(delivery.Calls.For(message.MessageId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_give_back_the_slot_a_repeated_submission_took_before_its_insert_failed()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message(MessageChannel.Email);
        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Delivered);

        // Each copy first tries to create the saga (taking a slot for a claimed first attempt) and fails on the key.
        var copies = AttemptSlots.InProcessPerLane + 4;
        for (var i = 0; i < copies; i++)
        {
            await delivery.Bus.Publish(message);
        }
        int Consumed() => delivery.Harness.Consumed.Select<MessageSubmitted>(m => m.Context.Message.MessageId == message.MessageId).Count();
        await Eventually.True(() => Consumed() == copies + 1, TimeSpan.FromSeconds(30), "every copy consumed");
        var fresh = DeliveryHarness.Message(MessageChannel.Email, body: "after the copies");
        await delivery.Bus.Publish(fresh);
        await delivery.WaitForState(fresh.MessageId, m => m.Delivered);

        Assert.Multiple(() =>
        {
            Assert.That(delivery.CommandsSent(fresh.MessageId), Is.Empty,
                "a free slot: the fresh message's attempt ran in process");
            Assert.That(delivery.Calls.For(message.MessageId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_schedule_the_retry_of_a_failed_first_attempt_onto_the_channels_own_queue_as_its_first_redelivery()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message(MessageChannel.Whatsapp, simulate: "fail-times:1");

        await delivery.Bus.Publish(message);
        var saga = await delivery.WaitForState(message.MessageId, m => m.Delivered);

        var sent = delivery.CommandsSent(message.MessageId).Single();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Context.DestinationAddress!.AbsolutePath, Does.EndWith("whatsapp_delivery_queue"));
            Assert.That(sent.Context.Headers.Get<int>(MassTransit.MessageHeaders.RedeliveryCount), Is.EqualTo(1));
            Assert.That(saga.Attempts, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Should_send_first_attempts_past_a_lanes_share_of_the_saga_to_the_channels_own_queue()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var messages = Enumerable.Range(0, AttemptSlots.InProcessPerLane + 4)
            .Select(i => DeliveryHarness.Message(MessageChannel.Email, simulate: "delay-ms:3000", body: $"slow {i}")).ToList();

        await Task.WhenAll(messages.Select(m => delivery.Bus.Publish(m)));
        foreach (var message in messages)
        {
            await delivery.WaitForState(message.MessageId, m => m.Delivered);
        }

        var ids = messages.Select(m => m.MessageId).ToHashSet();
        var queued = delivery.Harness.Sent.Select<DeliverMessage>(m => ids.Contains(m.Context.Message.MessageId)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(queued, Has.Count.GreaterThanOrEqualTo(4), "commands past the lane's slots, sent to the queue");
            Assert.That(queued.Select(q => q.Context.DestinationAddress!.AbsolutePath), Has.All.EndWith("email_delivery_queue"));
            Assert.That(messages.Select(m => delivery.Calls.For(m.MessageId)), Has.All.EqualTo(1), "each sent once");
        });
    }

    [Test]
    public async Task Should_start_the_first_attempt_between_the_sagas_retries_and_its_outbox()
    {
        await using var delivery = await DeliveryHarness.StartAsync();

        // MassTransit's own description of the receive pipeline, outermost filter first.
        var pipeline = System.Text.Json.JsonSerializer.Serialize(((IProbeSite)delivery.Bus).GetProbeResult().Results);
        var submitted = pipeline.IndexOf(nameof(MessageSubmitted), StringComparison.Ordinal);
        int Next(string filter) => pipeline.IndexOf(filter, submitted, StringComparison.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(submitted, Is.GreaterThanOrEqualTo(0), "the pipeline of MessageSubmitted");
            Assert.That(Next("firstAttemptInProcess"), Is.GreaterThan(Next("retry")), "inside the retries");
            Assert.That(Next("firstAttemptInProcess"), Is.LessThan(Next("outbox")), "outside the outbox");
        });
    }
}
