using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Aggregator.Delivery.Channels.Email;

/// <summary>
/// How an SMTP failure counts: a 4xx reply and anything that breaks the session (connection refused or dropped, TLS,
/// protocol, timeout) are transient; a 5xx reply is permanent. A rejected login is treated as transient: it says
/// nothing about the message, and the next provider (or a corrected password) can still send it.
/// </summary>
public static class SmtpFailures
{
    public static Exception? Classify(Exception exception) => exception switch
    {
        SmtpCommandException { StatusCode: var code } when (int)code is >= 500 and < 600 =>
            new PermanentDeliveryException($"SMTP {(int)code}: {exception.Message}", exception),
        SmtpCommandException { StatusCode: var code } =>
            new TransientDeliveryException($"SMTP {(int)code}: {exception.Message}", inner: exception),
        AuthenticationException =>
            new TransientDeliveryException($"SMTP login refused: {exception.Message}", inner: exception),
        SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException or IOException or SocketException or TimeoutException =>
            new TransientDeliveryException($"SMTP connection failed: {exception.Message}", inner: exception),
        _ => null,
    };
}
