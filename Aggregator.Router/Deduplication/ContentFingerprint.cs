using System.Security.Cryptography;
using System.Text;
using Aggregator.Contracts;
using Aggregator.ServiceDefaults.Messaging;

namespace Aggregator.Router.Deduplication;

/// <summary>
/// SHA-256 over a message's canonical content and whose it is (the API key's name: one client's content never blocks
/// another's), as lowercase hex. The recipient comes normalised
/// (<see cref="MessageChannels.NormaliseRecipient"/>, done once when the request becomes a message).
/// </summary>
public static class ContentFingerprint
{
    public static string Of(DeduplicationScope scope, string owner, MessageChannel channel, string recipient, string? subject, string body)
    {
        var canonical = new StringBuilder();
        Append(canonical, owner);
        if (scope == DeduplicationScope.Content)
        {
            // Length prefixes keep ("ab","c") and ("a","bc") apart.
            Append(canonical, MessageChannels.NameOf(channel));
            Append(canonical, recipient);
            Append(canonical, subject ?? "");
        }
        Append(canonical, body);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    private static void Append(StringBuilder canonical, string part) =>
        canonical.Append(part.Length).Append(':').Append(part).Append('\n');
}
