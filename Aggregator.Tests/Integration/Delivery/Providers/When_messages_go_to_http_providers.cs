using System.Text;
using Aggregator.Contracts;
using Aggregator.Delivery.Channels;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Delivery.Providers;

/// <summary>Twilio and Meta's Cloud API, stubbed with WireMock: what we send them and what we keep of their answers.</summary>
[Category("Integration")]
public class When_messages_go_to_http_providers
{
    [Test]
    public async Task Should_post_an_sms_to_twilio_as_a_form_with_basic_auth_and_keep_its_sid()
    {
        using var twilio = new TwilioStub();
        twilio.Accepts("SM0123456789abcdef0123456789abcdef");
        await using var delivery = await DeliveryHarness.StartAsync(Settings.Of(twilio.Settings("Sms", 0, "twilio"),
            new Dictionary<string, string?> { ["Delivery:PublicUrl"] = "https://delivery.example.com/" }));
        var message = DeliveryHarness.Message(MessageChannel.Sms, body: "Your code is 1234");

        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Delivered);
        var attempt = (await delivery.AttemptsAsync(message.MessageId)).Single();
        var form = twilio.PostedForms.Single();

        Assert.Multiple(() =>
        {
            Assert.That(twilio.AuthorizationHeaders.Single(),
                Is.EqualTo("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{twilio.AccountSid}:{twilio.AuthToken}"))));
            Assert.That(form["To"].ToString(), Is.EqualTo("+14155552671"));
            Assert.That(form["From"].ToString(), Is.EqualTo("+15005550006"));
            Assert.That(form["Body"].ToString(), Is.EqualTo("Your code is 1234"));
            Assert.That(form["StatusCallback"].ToString(), Is.EqualTo("https://delivery.example.com/api/v1/receipts/twilio"));
            Assert.That(attempt.Provider, Is.EqualTo("twilio"));
            Assert.That(attempt.ProviderMessageId, Is.EqualTo("SM0123456789abcdef0123456789abcdef"));
        });
    }

    [Test]
    public async Task Should_send_whatsapp_through_twilio_between_whatsapp_addresses()
    {
        using var twilio = new TwilioStub();
        twilio.Accepts("SMwhatsapp0000000000000000000000000");
        await using var delivery = await DeliveryHarness.StartAsync(twilio.Settings("Whatsapp", 0, "twilio-wa"));
        var message = DeliveryHarness.Message(MessageChannel.Whatsapp);

        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Delivered);
        var form = twilio.PostedForms.Single();

        Assert.Multiple(async () =>
        {
            Assert.That(form["To"].ToString(), Is.EqualTo("whatsapp:+14155552671"));
            Assert.That(form["From"].ToString(), Is.EqualTo("whatsapp:+15005550006"));
            Assert.That((await delivery.AttemptsAsync(message.MessageId)).Single().ProviderMessageId, Is.EqualTo("SMwhatsapp0000000000000000000000000"));
        });
    }

    [Test]
    public async Task Should_post_whatsapp_to_the_cloud_api_as_json_with_a_bearer_token_and_keep_its_wamid()
    {
        using var meta = new WhatsAppCloudStub();
        var wamid = "wamid.HBgLMTQxNTU1NTI2NzEVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";
        meta.Accepts(wamid);
        await using var delivery = await DeliveryHarness.StartAsync(meta.Settings(0, "meta"));
        var message = DeliveryHarness.Message(MessageChannel.Whatsapp, body: "Your table is ready");

        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Delivered);
        var body = meta.PostedBodies.Single();
        var attempt = (await delivery.AttemptsAsync(message.MessageId)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(meta.AuthorizationHeaders.Single(), Is.EqualTo($"Bearer {meta.AccessToken}"));
            Assert.That(body.GetProperty("messaging_product").GetString(), Is.EqualTo("whatsapp"));
            Assert.That(body.GetProperty("to").GetString(), Is.EqualTo("+14155552671"));
            Assert.That(body.GetProperty("type").GetString(), Is.EqualTo("text"));
            Assert.That(body.GetProperty("text").GetProperty("body").GetString(), Is.EqualTo("Your table is ready"));
            Assert.That(attempt.Provider, Is.EqualTo("meta"));
            Assert.That(attempt.ProviderMessageId, Is.EqualTo(wamid));
        });
    }

    [Test]
    public async Task Should_count_graph_throttling_as_transient_and_fail_over_to_the_next_provider()
    {
        using var meta = new WhatsAppCloudStub();
        using var twilio = new TwilioStub();
        meta.Fails(400, code: 131056);
        twilio.Accepts("SMfallback000000000000000000000000");
        await using var delivery = await DeliveryHarness.StartAsync(Settings.Of(meta.Settings(0, "meta"), twilio.Settings("Whatsapp", 1, "twilio")));
        var message = DeliveryHarness.Message(MessageChannel.Whatsapp);

        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Delivered);
        var attempt = (await delivery.AttemptsAsync(message.MessageId)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(attempt.ProvidersTried!.Select(t => (t.Provider, t.Outcome)), Is.EqualTo(new[]
            {
                ("meta", ProviderTryOutcome.FailedTransiently), ("twilio", ProviderTryOutcome.Succeeded),
            }));
            Assert.That(attempt.ProvidersTried![0].Error, Does.Contain("131056"));
            Assert.That(attempt.ProviderMessageId, Is.EqualTo("SMfallback000000000000000000000000"));
        });
    }

    [TestCase("""{"messages":[{"id":123}]}""")]
    [TestCase("""{"messages":["wamid.x"]}""")]
    [TestCase("[]")]
    public async Task Should_count_an_accepted_message_of_an_unexpected_answer_as_delivered_and_send_it_once(string answer)
    {
        using var meta = new WhatsAppCloudStub();
        meta.AcceptsWithBody(answer);
        await using var delivery = await DeliveryHarness.StartAsync(meta.Settings(0, "meta"));
        var message = DeliveryHarness.Message(MessageChannel.Whatsapp);

        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Delivered);
        var attempt = (await delivery.AttemptsAsync(message.MessageId)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(attempt.Provider, Is.EqualTo("meta"));
            Assert.That(attempt.ProviderMessageId, Is.Not.Empty);
            Assert.That(meta.PostedBodies, Has.Count.EqualTo(1), "a 2xx is a hand-off, whatever its body: never sent again");
        });
    }
}
