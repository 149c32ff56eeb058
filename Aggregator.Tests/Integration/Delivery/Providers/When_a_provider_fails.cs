using Aggregator.Contracts;
using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Channels;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Delivery.Providers;

/// <summary>Two Twilio accounts for SMS, in order, on the harness (whose own retry intervals are 100, 200 and 300 ms).</summary>
[Category("Integration")]
public class When_a_provider_fails
{
    private TwilioStub first = null!;
    private TwilioStub second = null!;

    [SetUp]
    public void StartStubs()
    {
        first = new TwilioStub();
        second = new TwilioStub();
    }

    [TearDown]
    public void StopStubs()
    {
        first.Dispose();
        second.Dispose();
    }

    [Test]
    public async Task Should_hand_the_message_to_the_next_provider_within_the_same_attempt()
    {
        first.Fails(503);
        second.Accepts("SMsecond00000000000000000000000000");
        await using var delivery = await StartAsync();
        var message = DeliveryHarness.Message(MessageChannel.Sms);

        await delivery.Bus.Publish(message);
        var saga = await delivery.WaitForState(message.MessageId, m => m.Delivered);
        var attempt = (await delivery.AttemptsAsync(message.MessageId)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(saga.Attempts, Is.EqualTo(1));
            Assert.That(attempt.ProvidersTried!.Select(t => (t.Provider, t.Outcome)), Is.EqualTo(new[]
            {
                ("first", ProviderTryOutcome.FailedTransiently), ("second", ProviderTryOutcome.Succeeded),
            }));
            Assert.That(attempt.ProvidersTried![0].Error, Does.Contain("HTTP 503"));
            Assert.That(attempt.Provider, Is.EqualTo("second"));
            Assert.That(attempt.ProviderMessageId, Is.EqualTo("SMsecond00000000000000000000000000"));
        });
    }

    [Test]
    public async Task Should_skip_a_provider_whose_circuit_is_open()
    {
        first.Fails(503);
        second.Accepts("SMsecond00000000000000000000000000");
        await using var delivery = await StartAsync(new Dictionary<string, string?>
        {
            ["Channels:Sms:Providers:0:CircuitBreaker:MinimumThroughput"] = "2",
            ["Channels:Sms:Providers:0:CircuitBreaker:BreakDuration"] = "00:05:00",
        });
        for (var i = 0; i < 2; i++)
        {
            var earlier = DeliveryHarness.Message(MessageChannel.Sms);
            await delivery.Bus.Publish(earlier);
            await delivery.WaitForState(earlier.MessageId, m => m.Delivered);
        }
        var message = DeliveryHarness.Message(MessageChannel.Sms);

        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Delivered);
        var attempt = (await delivery.AttemptsAsync(message.MessageId)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(first.PostedForms, Has.Count.EqualTo(2), "the first provider is not called while its circuit is open");
            Assert.That(attempt.ProvidersTried!.Select(t => (t.Provider, t.Outcome)), Is.EqualTo(new[]
            {
                ("first", ProviderTryOutcome.CircuitOpen), ("second", ProviderTryOutcome.Succeeded),
            }));
        });
    }

    [Test]
    public async Task Should_fail_the_message_at_once_on_a_4xx_without_trying_the_next_provider()
    {
        first.Fails(400, code: 21211);
        second.Accepts("SMsecond00000000000000000000000000");
        await using var delivery = await StartAsync();
        var message = DeliveryHarness.Message(MessageChannel.Sms);

        await delivery.Bus.Publish(message);
        var saga = await delivery.WaitForState(message.MessageId, m => m.Failed);
        var attempt = (await delivery.AttemptsAsync(message.MessageId)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(saga.Attempts, Is.EqualTo(1));
            Assert.That(saga.LastError, Does.Contain("21211"));
            Assert.That(attempt.Outcome, Is.EqualTo(AttemptOutcome.FailedPermanently));
            Assert.That(attempt.Provider, Is.EqualTo("first"));
            Assert.That(second.PostedForms, Is.Empty);
        });
    }

    [Test]
    public async Task Should_not_start_the_next_attempt_before_the_providers_retry_after()
    {
        var retryAfter = TimeSpan.FromSeconds(2);
        first.Fails(429, code: 20429, retryAfter: retryAfter, scenario: "throttled", nextState: "recovered");
        first.AcceptsOnceIn("throttled", "recovered", "SMfirst000000000000000000000000000");
        await using var delivery = await DeliveryHarness.StartAsync(first.Settings("Sms", 0, "first"));
        var message = DeliveryHarness.Message(MessageChannel.Sms);

        await delivery.Bus.Publish(message);
        var saga = await delivery.WaitForState(message.MessageId, m => m.Delivered);
        var attempts = await delivery.AttemptsAsync(message.MessageId);
        var failed = delivery.Saga.Consumed.Select<DeliveryAttemptFailed>(m => m.Context.Message.MessageId == message.MessageId).Single().Context.Message;

        Assert.Multiple(() =>
        {
            Assert.That(saga.Attempts, Is.EqualTo(2), "the redelivery is numbered as the next attempt");
            Assert.That(attempts.Select(a => a.Outcome), Is.EqualTo(new[] { AttemptOutcome.FailedTransiently, AttemptOutcome.Succeeded }));
            Assert.That(attempts[1].StartedAt - attempts[0].FinishedAt, Is.GreaterThanOrEqualTo(retryAfter));
            Assert.That(failed.NextAttemptAt - failed.FailedAt, Is.GreaterThanOrEqualTo(retryAfter));
        });
    }

    private Task<DeliveryHarness> StartAsync(Dictionary<string, string?>? more = null) => DeliveryHarness.StartAsync(Settings.Of(
        first.Settings("Sms", 0, "first"), second.Settings("Sms", 1, "second"), more ?? []));
}
