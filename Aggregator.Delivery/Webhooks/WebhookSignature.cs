using System.Globalization;
using StandardWebhooks;

namespace Aggregator.Delivery.Webhooks;

/// <summary>The Standard Webhooks headers of one try: the event's id, this try's time and the signature over both and the body.</summary>
public sealed record WebhookSignature(string Id, string Timestamp, string Signature)
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>The same for every try of one event, so a receiver can drop a repeat.</summary>
    public static string IdOf(Guid eventId) => $"msg_{eventId:N}";

    /// <summary>
    /// Signs <paramref name="body"/>, the exact text sent (it goes out as its UTF-8 bytes), with the endpoint's secret as
    /// the client holds it (<c>whsec_…</c>).
    /// </summary>
    public static WebhookSignature Sign(string secret, Guid eventId, DateTimeOffset triedAt, string body)
    {
        var id = IdOf(eventId);
        return new WebhookSignature(
            id,
            triedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            new StandardWebhook(secret).Sign(id, triedAt, body));
    }
}
