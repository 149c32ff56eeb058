using System.Net.Http.Headers;
using System.Text.Json;
using Aggregator.Contracts;

namespace Aggregator.Delivery.Channels.Whatsapp;

/// <summary>Meta's WhatsApp Cloud API: a text message to the recipient; its id is <c>messages[0].id</c> (a <c>wamid.</c>).</summary>
public sealed class WhatsAppCloudProvider(WhatsAppCloudOptions options, IHttpClientFactory clients, TimeProvider clock) : IChannelProvider
{
    public const string Type = "WhatsAppCloud";

    public const string ReceiptPath = "whatsapp";

    private readonly string messagesUrl =
        $"{options.BaseUrl.TrimEnd('/')}/{options.ApiVersion}/{Uri.EscapeDataString(options.PhoneNumberId)}/messages";

    public bool SendsReceipts => true;

    public async Task<string> SendAsync(DeliverMessage message, int attempt, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, messagesUrl)
        {
            Content = JsonContent.Create(new
            {
                messaging_product = "whatsapp",
                to = message.Recipient,
                type = "text",
                text = new { body = message.Body },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.AccessToken);
        try
        {
            using var response = await clients.CreateClient(ProviderHttpClients.Name(MessageChannel.Whatsapp, options)).SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                // Accepted, so it is sent either way: an answer without an id is still a success, not a reason to send again.
                return MessageId(body) ?? "unknown";
            }
            var error = GraphError.Read(body);
            throw HttpFailures.FromResponse(response, $"WhatsApp Cloud {error}", HttpFailures.IsTransient(response.StatusCode) || error.IsThrottled, clock);
        }
        catch (Exception failure) when (HttpFailures.Classify(failure, "WhatsApp Cloud") is { } classified)
        {
            throw classified;
        }
    }

    private static string? MessageId(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array
                && messages.GetArrayLength() > 0 && messages[0].ValueKind == JsonValueKind.Object
                && messages[0].TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                    ? id.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
