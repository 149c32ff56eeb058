using Aggregator.Contracts;
using MimeKit;

namespace Aggregator.Delivery.Channels.Email;

/// <summary>
/// Sends e-mail through an SMTP server with MailKit, over a small pool of reused connections. Its id for a message is
/// the server's reply to the message (which usually names its queue id), or our Message-ID when the reply says nothing.
/// </summary>
public sealed class SmtpProvider(SmtpOptions options, TimeProvider clock) : IChannelProvider, IDisposable
{
    public const string Type = "Smtp";

    private readonly MailboxAddress from = MailboxAddress.Parse(options.From);

    public SmtpConnectionPool Connections { get; } = new(options, clock);

    public async Task<string> SendAsync(DeliverMessage message, int attempt, CancellationToken cancellationToken)
    {
        MimeMessage mime;
        try
        {
            mime = EmailMime.Build(message, from, clock.GetUtcNow());
        }
        catch (ParseException unreadable)
        {
            throw new PermanentDeliveryException($"The recipient is not an address SMTP can send to: {unreadable.Message}", unreadable);
        }
        try
        {
            var reply = await Connections.UseAsync(client => client.SendAsync(mime, cancellationToken), cancellationToken);
            return string.IsNullOrWhiteSpace(reply) ? mime.MessageId ?? "" : reply.Trim();
        }
        catch (Exception failure) when (SmtpFailures.Classify(failure) is { } classified)
        {
            throw classified;
        }
    }

    public void Dispose() => Connections.Dispose();
}
