using Aggregator.Contracts;
using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Channels;
using Aggregator.Delivery.Channels.Email;
using Aggregator.Tests.Infrastructure;
using MassTransit;
using MimeKit;
using SmtpServer.Protocol;

namespace Aggregator.Tests.Integration.Delivery.Providers;

/// <summary>The Smtp provider against a real SMTP server in the test process.</summary>
[Category("Integration")]
public class When_email_is_sent_over_smtp
{
    private SmtpTestServer server = null!;

    [SetUp]
    public async Task StartServer() => server = await SmtpTestServer.StartAsync();

    [TearDown]
    public async Task StopServer() => await server.DisposeAsync();

    [Test]
    public async Task Should_send_text_and_html_parts_with_a_message_id_made_from_our_message_id()
    {
        using var smtp = Provider();
        var message = Command("<p>Hello <b>Jane</b></p>");

        await smtp.SendAsync(message, 1, CancellationToken.None);

        var received = server.Messages.Single();
        Assert.Multiple(() =>
        {
            Assert.That(received.MessageId, Is.EqualTo($"{message.MessageId:N}@example.com"));
            Assert.That(received.From.Mailboxes.Single().Address, Is.EqualTo("noreply@example.com"));
            Assert.That(received.To.Mailboxes.Single().Address, Is.EqualTo("jane@example.com"));
            Assert.That(received.Subject, Is.EqualTo("Your order"));
            Assert.That(received.Body, Is.InstanceOf<Multipart>().With.Property(nameof(Multipart.ContentType))
                .With.Property(nameof(ContentType.MimeType)).EqualTo("multipart/alternative"));
            Assert.That(received.HtmlBody, Does.Contain("<b>Jane</b>"));
            Assert.That(received.TextBody, Does.Contain("Hello Jane").And.Not.Contain("<"));
        });
    }

    [Test]
    public async Task Should_send_plain_text_alone_when_the_body_is_not_html()
    {
        using var smtp = Provider();

        await smtp.SendAsync(Command("Hello Jane, 3 < 4"), 1, CancellationToken.None);

        var received = server.Messages.Single();
        Assert.Multiple(() =>
        {
            Assert.That(received.Body, Is.InstanceOf<TextPart>());
            Assert.That(received.HtmlBody, Is.Null);
            Assert.That(received.TextBody?.Trim(), Is.EqualTo("Hello Jane, 3 < 4"));
        });
    }

    [Test]
    public async Task Should_encode_non_ascii_subject_and_body_so_they_arrive_unchanged()
    {
        using var smtp = Provider();
        const string subject = "Grüße aus Köln – 你好 🎉";
        const string body = "Jürgen, ваш код: 1234 ✓\nØre, ñandú, 日本語";
        var message = Command(body) with { Subject = subject };

        await smtp.SendAsync(message, 1, CancellationToken.None);

        var received = server.Messages.Single();
        Assert.Multiple(() =>
        {
            Assert.That(received.Subject, Is.EqualTo(subject));
            Assert.That(received.TextBody?.ReplaceLineEndings("\n").TrimEnd(), Is.EqualTo(body));
            Assert.That(received.Body!.ContentType.Charset, Is.EqualTo("utf-8").IgnoreCase);
            Assert.That(received.Headers.First(h => h.Id == HeaderId.Subject).RawValue.All(b => b < 0x80), Is.True,
                "the Subject header is 7-bit (RFC 2047 encoded words), readable by servers without SMTPUTF8");
        });
    }

    [Test]
    public async Task Should_reuse_one_connection_for_messages_sent_one_after_another()
    {
        using var smtp = Provider();

        for (var i = 0; i < 3; i++)
        {
            await smtp.SendAsync(Command($"Message {i}"), 1, CancellationToken.None);
        }

        Assert.Multiple(() =>
        {
            Assert.That(server.Messages, Has.Count.EqualTo(3));
            Assert.That(server.Sessions, Is.EqualTo(1));
            Assert.That(smtp.Connections.Opened, Is.EqualTo(1));
        });
    }

    [Test]
    public void Should_count_a_4xx_reply_as_transient()
    {
        using var smtp = Provider();
        server.Reply = new SmtpResponse((SmtpReplyCode)451, "Try again later");

        var failure = Assert.ThrowsAsync<TransientDeliveryException>(() => smtp.SendAsync(Command("Hello"), 1, CancellationToken.None));

        Assert.That(failure!.Message, Does.Contain("451"));
    }

    [Test]
    public void Should_count_a_5xx_reply_as_permanent()
    {
        using var smtp = Provider();
        server.Reply = new SmtpResponse((SmtpReplyCode)554, "Rejected");

        var failure = Assert.ThrowsAsync<PermanentDeliveryException>(() => smtp.SendAsync(Command("Hello"), 1, CancellationToken.None));

        Assert.That(failure!.Message, Does.Contain("554"));
    }

    [Test]
    public async Task Should_count_a_refused_connection_as_transient()
    {
        var port = server.Port;
        await server.DisposeAsync();
        using var smtp = Provider(port);

        Assert.ThrowsAsync<TransientDeliveryException>(() => smtp.SendAsync(Command("Hello"), 1, CancellationToken.None));
        server = await SmtpTestServer.StartAsync();
    }

    [Test]
    public async Task Should_deliver_through_the_configured_provider_and_record_it_on_the_attempt()
    {
        await using var delivery = await DeliveryHarness.StartAsync(server.Settings(0, "relay"));
        var message = DeliveryHarness.Message(MessageChannel.Email, body: "Hello Jane", subject: "Hi");

        await delivery.Bus.Publish(message);
        await delivery.WaitForState(message.MessageId, m => m.Delivered);
        var attempt = (await delivery.AttemptsAsync(message.MessageId)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(server.Messages.Single().MessageId, Is.EqualTo($"{message.MessageId:N}@example.com"));
            Assert.That(attempt.Outcome, Is.EqualTo(AttemptOutcome.Succeeded));
            Assert.That(attempt.Provider, Is.EqualTo("relay"));
            Assert.That(attempt.ProviderMessageId, Is.Not.Empty);
            Assert.That(attempt.ProvidersTried, Is.Null, "the first provider took it: said by Provider alone, no JSON per message");
            Assert.That(delivery.Calls.For(message.MessageId), Is.Zero, "the simulated provider is not used");
        });
    }

    private SmtpProvider Provider(int? port = null) => new(new SmtpOptions
    {
        Type = SmtpProvider.Type,
        Name = "smtp-test",
        Host = "127.0.0.1",
        Port = port ?? server.Port,
        Security = SmtpSecurity.None,
        From = "Shop <noreply@example.com>",
        Timeout = TimeSpan.FromSeconds(5),
    }, TimeProvider.System);

    private static DeliverMessage Command(string body) => new()
    {
        MessageId = NewId.NextGuid(),
        TraceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString(),
        FirstAttempt = 1,
        Channel = MessageChannel.Email,
        Recipient = "jane@example.com",
        Subject = "Your order",
        Body = body,
    };
}
