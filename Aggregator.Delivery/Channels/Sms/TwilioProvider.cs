using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.Delivery.Receipts;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Channels.Sms;

/// <summary>
/// Twilio's Messages API for SMS and, with <c>whatsapp:</c> addresses, WhatsApp. Every message asks for status
/// callbacks at our receipt URL; its id is Twilio's <c>sid</c>.
/// </summary>
public sealed class TwilioProvider(MessageChannel channel, TwilioOptions options, IHttpClientFactory clients, IOptions<DeliveryOptions> delivery, TimeProvider clock)
    : IChannelProvider
{
    public const string Type = "Twilio";

    public const string ReceiptPath = "twilio";

    private readonly string messagesUrl = $"{options.BaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(options.AccountSid)}/Messages.json";

    private readonly AuthenticationHeaderValue credentials =
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.AccountSid}:{options.AuthToken}")));

    public bool SendsReceipts => true;

    public async Task<string> SendAsync(DeliverMessage message, int attempt, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("To", Address(message.Recipient)),
            string.IsNullOrEmpty(options.MessagingServiceSid) ? new("From", Address(options.From!)) : new("MessagingServiceSid", options.MessagingServiceSid),
            new("Body", message.Body),
            new("StatusCallback", delivery.Value.ReceiptUrl(ReceiptPath)),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, messagesUrl) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = credentials;
        try
        {
            using var response = await clients.CreateClient(ProviderHttpClients.Name(channel, options)).SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                // Accepted, so it is sent either way: an answer without a sid is still a success, not a reason to send again.
                return Sid(body) ?? "unknown";
            }
            throw HttpFailures.FromResponse(response, $"Twilio {Error(body)}", HttpFailures.IsTransient(response.StatusCode), clock);
        }
        catch (Exception failure) when (HttpFailures.Classify(failure, "Twilio") is { } classified)
        {
            throw classified;
        }
    }

    /// <summary>WhatsApp through Twilio: both ends are <c>whatsapp:+E164</c>.</summary>
    private string Address(string number) =>
        channel == MessageChannel.Whatsapp && !number.StartsWith("whatsapp:", StringComparison.Ordinal) ? $"whatsapp:{number}" : number;

    private static string? Sid(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("sid", out var sid)
                && sid.ValueKind == JsonValueKind.String
                    ? sid.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Twilio's error body: <c>{"code": 21211, "message": "…", "status": 400}</c>.</summary>
    private static string Error(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return body.Length > 200 ? body[..200] : body;
            }
            var code = root.TryGetProperty("code", out var c) ? c.ToString() : "?";
            var text = root.TryGetProperty("message", out var m) ? m.ToString() : body;
            return $"{code}: {text}";
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }
}
