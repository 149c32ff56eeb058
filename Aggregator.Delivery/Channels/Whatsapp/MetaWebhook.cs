using System.Security.Cryptography;
using System.Text.Json;

namespace Aggregator.Delivery.Channels.Whatsapp;

/// <summary>
/// Meta's webhook for the Cloud API: the subscription handshake (<c>hub.verify_token</c> must be a configured
/// VerifyToken), and status notifications signed with <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256(AppSecret,
/// raw body)&gt;</c>, from which the <c>entry[].changes[].value.statuses[]</c> are read.
/// </summary>
public sealed class MetaWebhook(ProviderChains providers)
{
    private const string Prefix = "sha256=";

    public bool IsVerification(string? mode, string? verifyToken) =>
        mode == "subscribe" && !string.IsNullOrEmpty(verifyToken)
        && providers.Configured<WhatsAppCloudOptions>().Any(account => FixedTimeEquals(account.VerifyToken, verifyToken));

    public bool IsSigned(byte[] body, string? signature)
    {
        if (signature is null || !signature.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        byte[] given;
        try
        {
            given = Convert.FromHexString(signature[Prefix.Length..]);
        }
        catch (FormatException)
        {
            return false;
        }
        return providers.Configured<WhatsAppCloudOptions>()
            .Any(account => CryptographicOperations.FixedTimeEquals(
                HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(account.AppSecret), body), given));
    }

    /// <summary>The (id, status) of every status in the notification.</summary>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static IEnumerable<(string Id, string Status)> Statuses(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        var found = new List<(string, string)>();
        foreach (var entry in Array(json.RootElement, "entry"))
        {
            foreach (var change in Array(entry, "changes"))
            {
                // Signed, so Meta's, but its shape is still checked: an element of another kind is skipped, never a 500.
                if (change.ValueKind == JsonValueKind.Object && change.TryGetProperty("value", out var value))
                {
                    found.AddRange(Array(value, "statuses")
                        .Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("id", out _) && s.TryGetProperty("status", out _))
                        .Select(s => (s.GetProperty("id").ToString(), s.GetProperty("status").ToString())));
                }
            }
        }
        return found;
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray()
            : [];

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));
}
