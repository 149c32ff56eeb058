using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Aggregator.Router.Messages;

/// <summary>
/// What an <c>Idempotency-Key</c> is bound to: content plus metadata, so a changed metadata is another payload
/// (unlike <see cref="Deduplication.ContentFingerprint"/>, which leaves metadata out).
/// </summary>
public static class PayloadFingerprint
{
    public static string Of(SubmitMessageRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            channel = request.Channel?.ToLowerInvariant(),
            request.Recipient,
            request.Subject,
            request.Body,
            metadata = request.Metadata?.GetRawText(),
        }))));
}
