using Aggregator.Contracts;

namespace Aggregator.ServiceDefaults.Messaging;

/// <summary>The channel names clients send and read: lowercase in JSON, read case-insensitively, never as numbers.</summary>
public static class MessageChannels
{
    /// <summary>For error messages: <c>email, sms or whatsapp</c>.</summary>
    public const string Names = "email, sms or whatsapp";

    /// <summary>The name clients send and read (<c>email</c>, <c>sms</c>, <c>whatsapp</c>), without allocating.</summary>
    public static string NameOf(MessageChannel channel) => channel switch
    {
        MessageChannel.Email => "email",
        MessageChannel.Sms => "sms",
        MessageChannel.Whatsapp => "whatsapp",
        _ => channel.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string? value, out MessageChannel channel)
    {
        channel = default;
        return !string.IsNullOrWhiteSpace(value)
            && !char.IsDigit(value[0])
            && Enum.TryParse(value, ignoreCase: true, out channel)
            && Enum.IsDefined(channel);
    }

    /// <summary>
    /// The one form of a recipient the system keeps and compares: e-mail addresses in lowercase (they compare
    /// case-insensitively in practice), numbers as given (already canonical E.164), both trimmed.
    /// </summary>
    public static string NormaliseRecipient(MessageChannel channel, string recipient) =>
        channel == MessageChannel.Email ? recipient.Trim().ToLowerInvariant() : recipient.Trim();
}
