using System.Text.Json;
using Aggregator.Delivery.Data;
using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.Scheduling;

/// <summary>
/// The scheduler's front door: stores each <see cref="ScheduleMessage"/> as a row (scheduling the same token
/// again replaces it) and marks the row a <see cref="CancelScheduledMessage"/> names as cancelled, whichever
/// of the two arrives first. The row is committed before the request is acknowledged, so a crash loses nothing. The
/// envelope (for a redelivery, the whole command with recipient and body) is stored encrypted.
/// </summary>
public sealed class SchedulerConsumer(DeliveryDbContext db, ProtectedText text, SchedulerMetrics metrics, ILogger<SchedulerConsumer> logger)
    : IConsumer<ScheduleMessage>, IConsumer<CancelScheduledMessage>
{
    private const string NoHeaders = "{}";

    public async Task Consume(ConsumeContext<ScheduleMessage> context)
    {
        var request = context.Message;
        var body = text.Protect(ProtectedColumn.ScheduledMessageBody, context.SerializerContext
            .GetMessageSerializer(request.Payload, request.PayloadType)
            .GetMessageBody(new MessageSendContext<ScheduleMessage>(request))
            .GetString());
        var headers = JsonSerializer.Serialize(
            context.Headers.GetAll().ToDictionary(h => h.Key, h => h.Value),
            SystemTextJsonMessageSerializer.Options);
        var dueAt = new DateTimeOffset(DateTime.SpecifyKind(request.ScheduledTime, DateTimeKind.Utc));

        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO scheduled_messages (token_id, due_at, destination, content_type, body, headers, message_id, correlation_id,
                conversation_id, initiator_id, request_id, source_address, response_address, fault_address, scheduled_at, cancelled)
            VALUES ({request.CorrelationId}, {dueAt}, {request.Destination.ToString()}, {context.ReceiveContext.ContentType.ToString()},
                {body}, {headers}::jsonb, {context.MessageId}, {context.CorrelationId}, {context.ConversationId},
                {context.InitiatorId}, {context.RequestId}, {context.SourceAddress?.ToString()}, {context.ResponseAddress?.ToString()},
                {context.FaultAddress?.ToString()}, {DateTimeOffset.UtcNow}, false)
            ON CONFLICT (token_id) DO UPDATE SET
                due_at = EXCLUDED.due_at, destination = EXCLUDED.destination, content_type = EXCLUDED.content_type,
                body = EXCLUDED.body, headers = EXCLUDED.headers, message_id = EXCLUDED.message_id, scheduled_at = EXCLUDED.scheduled_at
            WHERE NOT scheduled_messages.cancelled
            """, context.CancellationToken);
        metrics.Scheduled();
        logger.LogDebug("Scheduled {TokenId} for {DueAt:O} to {Destination}", request.CorrelationId, dueAt, request.Destination);
    }

    public async Task Consume(ConsumeContext<CancelScheduledMessage> context)
    {
        // Keeps an empty tombstone until the message would have been due (a day when its schedule has not arrived yet).
        var tombstoneDue = DateTimeOffset.UtcNow.AddDays(1);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO scheduled_messages (token_id, due_at, destination, content_type, body, headers, scheduled_at, cancelled)
            VALUES ({context.Message.TokenId}, {tombstoneDue}, '', '', '', {NoHeaders}::jsonb, {DateTimeOffset.UtcNow}, true)
            ON CONFLICT (token_id) DO UPDATE SET cancelled = true, body = '', headers = {NoHeaders}::jsonb
            """, context.CancellationToken);
        metrics.Cancelled();
        logger.LogDebug("Cancelled scheduled message {TokenId}", context.Message.TokenId);
    }
}
