using System.Net.Mime;
using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;

namespace Aggregator.Delivery.Scheduling;

/// <summary>
/// Sends a stored envelope without knowing its CLR type: the deserializer of its content type reads the
/// body back, and that serializer writes it out again; ids, addresses and every header are restored.
/// <paramref name="body"/> is the stored body decrypted.
/// </summary>
public sealed class StoredMessageSendPipe(ScheduledMessage stored, string body) : IPipe<SendContext>
{
    public Task Send(SendContext context)
    {
        var headers = new DictionarySendHeaders();
        foreach (var (key, value) in ReadHeaders(stored.Headers))
        {
            headers.Set(key, value);
        }
        headers.Set(MessageHeaders.SchedulingTokenId, stored.TokenId.ToString("N"));

        var deserializer = context.Serialization.GetMessageDeserializer(new ContentType(stored.ContentType));
        var serializerContext = deserializer.Deserialize(deserializer.GetMessageBody(body), headers, new Uri(stored.Destination));

        if (stored.MessageId is { } messageId)
        {
            context.MessageId = messageId;
        }
        context.CorrelationId = stored.CorrelationId;
        context.ConversationId = stored.ConversationId;
        context.InitiatorId = stored.InitiatorId;
        context.RequestId = stored.RequestId;
        context.SourceAddress = ToUri(stored.SourceAddress);
        context.ResponseAddress = ToUri(stored.ResponseAddress);
        context.FaultAddress = ToUri(stored.FaultAddress);
        foreach (var (key, value) in headers.GetAll())
        {
            context.Headers.Set(key, value);
        }
        context.Serializer = serializerContext.GetMessageSerializer();
        return Task.CompletedTask;
    }

    public void Probe(ProbeContext context)
    {
    }

    /// <summary>JSON numbers come back as numbers, not strings, so <c>MT-Redelivery-Count</c> still counts.</summary>
    private static IEnumerable<KeyValuePair<string, object>> ReadHeaders(string json)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var header in document.RootElement.EnumerateObject())
        {
            object? value = header.Value.ValueKind switch
            {
                JsonValueKind.Number when header.Value.TryGetInt32(out var small) => small,
                JsonValueKind.Number when header.Value.TryGetInt64(out var large) => large,
                JsonValueKind.Number => header.Value.GetDouble(),
                JsonValueKind.String => header.Value.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => header.Value.GetRawText(),
            };
            if (value is not null)
            {
                yield return new KeyValuePair<string, object>(header.Name, value);
            }
        }
    }

    private static Uri? ToUri(string? address) => string.IsNullOrEmpty(address) ? null : new Uri(address);
}
