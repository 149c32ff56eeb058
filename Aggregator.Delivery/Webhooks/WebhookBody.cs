using System.Text;
using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.ServiceDefaults.Messaging;

namespace Aggregator.Delivery.Webhooks;

/// <summary>
/// What a receiver gets: <c>{ "type", "timestamp", "data": { "messageId", "traceId", "channel", "state", "attempts",
/// "providerStatus" } }</c>. Ids and states only: no recipient, subject or body ever leaves this way.
/// </summary>
public static class WebhookBody
{
    public static string From(MessageStatusChanged change)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", change.Type);
            json.WriteString("timestamp", change.OccurredAt.UtcDateTime);
            json.WriteStartObject("data");
            json.WriteString("messageId", change.MessageId);
            json.WriteString("traceId", change.TraceId);
            json.WriteString("channel", MessageChannels.NameOf(change.Channel));
            json.WriteString("state", change.State);
            json.WriteNumber("attempts", change.Attempts);
            json.WriteString("providerStatus", change.ProviderStatus);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
