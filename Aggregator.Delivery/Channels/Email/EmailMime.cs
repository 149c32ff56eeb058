using System.Net;
using System.Text.RegularExpressions;
using Aggregator.Contracts;
using MimeKit;

namespace Aggregator.Delivery.Channels.Email;

/// <summary>
/// The MIME message of an e-mail: plain text, and where the body looks like HTML an HTML part beside a text
/// rendering of it. Its <c>Message-ID</c> is made from our messageId, the same on every attempt, so a receiving
/// server that keeps Message-IDs drops a repeat sent after an unrecorded success.
/// </summary>
public static partial class EmailMime
{
    /// <exception cref="ParseException">The recipient is not an address.</exception>
    public static MimeMessage Build(DeliverMessage message, MailboxAddress from, DateTimeOffset now)
    {
        var mime = new MimeMessage
        {
            Subject = message.Subject ?? "",
            MessageId = MessageId(message.MessageId, from),
            Date = now,
        };
        mime.From.Add(from);
        mime.To.Add(MailboxAddress.Parse(message.Recipient));
        var body = new BodyBuilder();
        if (LooksLikeHtml(message.Body))
        {
            body.HtmlBody = message.Body;
            body.TextBody = TextOf(message.Body);
        }
        else
        {
            body.TextBody = message.Body;
        }
        mime.Body = body.ToMessageBody();
        return mime;
    }

    public static string MessageId(Guid messageId, MailboxAddress from) => $"{messageId:N}@{from.Domain}";

    public static bool LooksLikeHtml(string body) => HtmlTag().IsMatch(body);

    private static string TextOf(string html)
    {
        var text = LineBreak().Replace(html, "\n");
        text = AnyTag().Replace(text, "");
        return WebUtility.HtmlDecode(text).Trim();
    }

    [GeneratedRegex(@"<\s*(!doctype\s+html|html|head|body|p|div|span|br|hr|table|tr|td|a\s|b|i|em|strong|ul|ol|li|img|h[1-6])\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"<\s*(br\s*/?|/p|/div|/li|/tr|/h[1-6])\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex AnyTag();
}
