using System.Globalization;
using Aggregator.Contracts;
using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Channels;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Delivery.Providers;

/// <summary>
/// A provider that takes a connection or a request and then never answers holds the consumer no longer than its own
/// <c>Timeout</c>: the attempt moves on to the next provider, or ends as a transient failure when there is none.
/// </summary>
[Category("Integration")]
public class When_a_provider_hangs
{
    /// <summary>Longer than the harness lets a whole attempt take, so an attempt that waited for the answer would show.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan ProviderTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>The harness's bound on a whole attempt (<c>Attempts:ProviderTimeout</c>), far longer than a provider's.</summary>
    private static readonly TimeSpan DeliveryHarnessProviderTimeout = TimeSpan.FromSeconds(4);

    [Test]
    public async Task Should_give_up_on_an_http_provider_after_its_timeout_and_use_the_next()
    {
        using var hanging = new TwilioStub();
        using var next = new TwilioStub();
        hanging.Hangs(Hang);
        next.Accepts("SMnext0000000000000000000000000000");
        await using var delivery = await DeliveryHarness.StartAsync(Settings.Of(
            hanging.Settings("Sms", 0, "hanging"), next.Settings("Sms", 1, "next"), TimeoutOf("Sms", 0)));
        var message = DeliveryHarness.Message(MessageChannel.Sms);

        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Delivered);
        var attempt = (await delivery.AttemptsAsync(message.MessageId)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(attempt.ProvidersTried!.Select(t => (t.Provider, t.Outcome)), Is.EqualTo(new[]
            {
                ("hanging", ProviderTryOutcome.FailedTransiently), ("next", ProviderTryOutcome.Succeeded),
            }));
            Assert.That(attempt.ProvidersTried![0].Error, Does.Contain("did not answer"));
            Assert.That(attempt.FinishedAt - attempt.StartedAt, Is.LessThan(DeliveryHarnessProviderTimeout),
                "the attempt did not wait for the hanging provider's answer");
        });
    }

    [Test]
    public async Task Should_give_up_on_an_smtp_server_that_never_greets_and_use_the_next()
    {
        await using var silent = new SilentServer();
        await using var next = await SmtpTestServer.StartAsync();
        await using var delivery = await DeliveryHarness.StartAsync(Settings.Of(
            SmtpTestServer.SettingsFor(silent.Port, 0, "silent"), next.Settings(1, "next"), TimeoutOf("Email", 0)));
        var message = DeliveryHarness.Message(MessageChannel.Email, subject: "Hi");

        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Delivered);
        var attempt = (await delivery.AttemptsAsync(message.MessageId)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(silent.Accepted, Is.EqualTo(1), "the silent server was connected to");
            Assert.That(next.Messages, Has.Count.EqualTo(1));
            Assert.That(attempt.ProvidersTried!.Select(t => (t.Provider, t.Outcome)), Is.EqualTo(new[]
            {
                ("silent", ProviderTryOutcome.FailedTransiently), ("next", ProviderTryOutcome.Succeeded),
            }));
            Assert.That(attempt.FinishedAt - attempt.StartedAt, Is.LessThan(DeliveryHarnessProviderTimeout));
        });
    }

    [Test]
    public async Task Should_end_the_attempt_as_a_transient_failure_when_the_only_provider_hangs()
    {
        using var hanging = new TwilioStub();
        hanging.Hangs(Hang);
        await using var delivery = await DeliveryHarness.StartAsync(Settings.Of(hanging.Settings("Sms", 0, "hanging"), TimeoutOf("Sms", 0)));
        var message = DeliveryHarness.Message(MessageChannel.Sms);

        await delivery.Bus.Publish(message);
        await Eventually.True(async () => (await delivery.AttemptsAsync(message.MessageId)).Count > 0,
            TimeSpan.FromSeconds(15), "the first attempt to end");
        var attempt = (await delivery.AttemptsAsync(message.MessageId)).First();

        Assert.Multiple(() =>
        {
            Assert.That(attempt.Outcome, Is.EqualTo(AttemptOutcome.FailedTransiently));
            // Its HTTP client's timeout and the chain's own (both the provider's Timeout) race: either may say so first.
            Assert.That(attempt.Error, Does.StartWith("hanging").And.Contain("did not answer"));
            Assert.That(attempt.FinishedAt - attempt.StartedAt, Is.LessThan(DeliveryHarnessProviderTimeout));
        });
    }

    private static Dictionary<string, string?> TimeoutOf(string channel, int index) => new()
    {
        [$"Channels:{channel}:Providers:{index}:Timeout"] = ProviderTimeout.ToString("c", CultureInfo.InvariantCulture),
    };
}
