using Aggregator.Delivery.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Webhooks;

/// <summary>
/// Delivers one event to one endpoint: a signed POST; on any answer but 2xx, or none in time, the same command with the
/// next try number goes to the durable scheduler (<see cref="WebhookRetries"/>). An endpoint deleted or disabled
/// meanwhile gets nothing more.
/// </summary>
public sealed class WebhookDeliveryConsumer(
    DeliveryDbContext db,
    ProtectedText text,
    WebhookSender sender,
    WebhookEndpointHealth health,
    WebhookListeners listeners,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDeliveryConsumer> logger) : IConsumer<DeliverWebhook>
{
    public async Task Consume(ConsumeContext<DeliverWebhook> context)
    {
        var delivery = context.Message;
        var cancellationToken = context.CancellationToken;
        var endpoint = await db.WebhookEndpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == delivery.EndpointId, cancellationToken);
        if (endpoint is null || endpoint.DisabledAt is not null)
        {
            logger.LogInformation("Webhook {EventType} of message {MessageId} not sent: endpoint {EndpointId} is {Why}",
                delivery.Type, delivery.MessageId, delivery.EndpointId, endpoint is null ? "deleted" : "disabled");
            return;
        }

        var triedAt = clock.GetUtcNow();
        var outcome = await sender.PostAsync(endpoint.Url, text.Read(ProtectedColumn.WebhookSecret, endpoint.Secret), delivery, triedAt, cancellationToken);
        if (outcome.Succeeded)
        {
            await health.SucceededAsync(endpoint.Id, cancellationToken);
            logger.LogInformation("Webhook {EventType} of message {MessageId} delivered to endpoint {EndpointId}: {StatusCode} on try {Try}",
                delivery.Type, delivery.MessageId, endpoint.Id, outcome.StatusCode, delivery.Try);
            return;
        }

        var settings = options.Value;
        var firstTriedAt = delivery.FirstTriedAt ?? triedAt;
        var next = WebhookRetries.Next(settings, delivery.Try, firstTriedAt, clock.GetUtcNow());
        var after = await health.FailedAsync(endpoint.Id, outcome.Failure!, triedAt, firstTriedAt, next is null, settings.GiveUpAfter, cancellationToken);
        if (after == EndpointAfterFailure.DisabledNow)
        {
            logger.LogWarning("Webhook endpoint {EndpointId} disabled: failing for {GiveUpAfter} or longer, last {EventType} of message {MessageId} on try {Try}: {Failure}",
                endpoint.Id, settings.GiveUpAfter, delivery.Type, delivery.MessageId, delivery.Try, outcome.Failure);
            await listeners.RefreshAsync(cancellationToken);
            return;
        }
        if (after == EndpointAfterFailure.Gone || next is not { } due)
        {
            logger.LogWarning("Webhook {EventType} of message {MessageId} to endpoint {EndpointId} given up after try {Try}: {Failure}",
                delivery.Type, delivery.MessageId, endpoint.Id, delivery.Try, outcome.Failure);
            return;
        }
        await context.ScheduleSend(settings.DeliveriesAddress, due.UtcDateTime, delivery with { FirstTriedAt = firstTriedAt, Try = delivery.Try + 1 });
        logger.LogInformation("Webhook {EventType} of message {MessageId} to endpoint {EndpointId} failed on try {Try} ({Failure}); next try at {DueAt:O}",
            delivery.Type, delivery.MessageId, endpoint.Id, delivery.Try, outcome.Failure, due);
    }
}
