using System.Text.Json;

namespace Aggregator.Delivery.Channels.Whatsapp;

/// <summary>
/// Meta's Graph API error, <c>{"error": {"code": 131056, "message": "…"}}</c>. Throttling comes as a 400 with code
/// 130429 (the number's rate limit) or 131056 (too many messages to one recipient): transient, whatever the status says.
/// </summary>
public sealed record GraphError(int? Code, string Message)
{
    private static readonly int[] ThrottlingCodes = [130429, 131056];

    public bool IsThrottled => Code is { } code && ThrottlingCodes.Contains(code);

    public static GraphError Read(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object)
            {
                int? code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
                return new GraphError(code, error.TryGetProperty("message", out var m) ? m.ToString() : "");
            }
        }
        catch (JsonException)
        {
        }
        return new GraphError(null, body.Length > 200 ? body[..200] : body);
    }

    public override string ToString() => $"{Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}: {Message}";
}
