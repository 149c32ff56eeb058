using Aggregator.Contracts;
using Aggregator.Delivery.Data;
using Aggregator.ServiceDefaults.Security;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Webhooks;

/// <summary>
/// Fans one status event out: one <see cref="DeliverWebhook"/> per enabled endpoint of the message's submitter that
/// hears the event's type, each delivered (and retried) on its own, so one slow receiver holds up no other.
/// </summary>
public sealed class WebhookEventConsumer(DeliveryDbContext db, IOptions<WebhookOptions> options, ILogger<WebhookEventConsumer> logger)
    : IConsumer<MessageStatusChanged>
{
    public async Task Consume(ConsumeContext<MessageStatusChanged> context)
    {
        var change = context.Message;
        // Messages from before access control carry no submitter; like every message while keys are off, they are anonymous's.
        var owner = change.SubmittedBy ?? ApiKeyAuthenticationHandler.Anonymous;
        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.Owner == owner && e.DisabledAt == null && e.Events.Contains(change.Type))
            .Select(e => e.Id)
            .ToListAsync(context.CancellationToken);
        if (endpoints.Count == 0)
        {
            return;
        }
        var body = WebhookBody.From(change);
        var deliveries = await context.GetSendEndpoint(options.Value.DeliveriesAddress);
        await deliveries.SendBatch(endpoints.Select(id => new DeliverWebhook
        {
            EndpointId = id,
            EventId = change.EventId,
            Type = change.Type,
            MessageId = change.MessageId,
            Body = body,
        }), context.CancellationToken);
        logger.LogDebug("Event {EventType} of message {MessageId} goes to {Endpoints} webhook endpoints", change.Type, change.MessageId, endpoints.Count);
    }
}
