using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Aggregator.Delivery.Apis;

/// <summary>
/// The opaque position of a page: the (createdAt, messageId) of the last item seen, base64url-encoded.
/// Clients pass it back; they never need to read it.
/// </summary>
public sealed record MessageCursor(DateTimeOffset CreatedAt, Guid MessageId)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{MessageId:N}"));

    public static bool TryDecode(string text, out MessageCursor? cursor)
    {
        cursor = null;
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split(':');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks is >= 0 and <= 3155378975999999999
                && Guid.TryParseExact(parts[1], "N", out var id))
            {
                cursor = new MessageCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
            }
        }
        catch (FormatException)
        {
        }
        return cursor is not null;
    }
}
