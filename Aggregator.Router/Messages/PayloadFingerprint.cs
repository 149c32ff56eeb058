using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Aggregator.Router.Messages;

/// <summary>
/// What an <c>Idempotency-Key</c> is bound to: content, metadata, schedule and priority, so a changed metadata or
/// <c>sendAt</c> is another payload (unlike <see cref="Deduplication.ContentFingerprint"/>, which holds content only).
/// </summary>
public static class PayloadFingerprint
{
    public static string Of(SubmitMessageRequest request)
    {
        var payload = JsonSerializer.Serialize(new
        {
            channel = request.Channel?.ToLowerInvariant(),
            request.Recipient,
            request.Subject,
            request.Body,
            metadata = request.Metadata?.GetRawText(),
        });
        RequestedPriority.TryParse(request.Priority, out var priority);
        // Only a request that has them hashes them: keys stored before these fields existed, for requests without
        // them, still match their repeats. Instants in UTC: the same time in another offset is the same payload.
        if (request.SendAt is not null || request.ExpiresAt is not null || priority != Contracts.MessagePriority.Normal)
        {
            payload += JsonSerializer.Serialize(new
            {
                sendAt = request.SendAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                expiresAt = request.ExpiresAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                priority,
            });
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));
    }
}
