using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.ServiceDefaults.Messaging;

namespace Aggregator.Router.Messages;

/// <summary>The <see cref="MessageSubmitted"/> a valid request becomes: channel and priority parsed, recipient normalised, times in UTC, metadata copied out of the request's document.</summary>
public static class SubmittedMessage
{
    public static MessageSubmitted From(SubmitMessageRequest request, string submittedBy, Guid messageId, string traceId, DateTimeOffset submittedAt)
    {
        MessageChannels.TryParse(request.Channel, out var channel);
        RequestedPriority.TryParse(request.Priority, out var priority);
        return new MessageSubmitted
        {
            MessageId = messageId,
            TraceId = traceId,
            Channel = channel,
            Recipient = MessageChannels.NormaliseRecipient(channel, request.Recipient!),
            Subject = request.Subject,
            Body = request.Body!,
            Metadata = request.Metadata is { ValueKind: JsonValueKind.Object } metadata
                ? metadata.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone())
                : null,
            SubmittedBy = submittedBy,
            SendAt = request.SendAt?.ToUniversalTime(),
            ExpiresAt = request.ExpiresAt?.ToUniversalTime(),
            Priority = priority,
            SubmittedAt = submittedAt,
        };
    }
}
