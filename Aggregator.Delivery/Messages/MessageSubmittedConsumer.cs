using Aggregator.Contracts;
using Aggregator.Delivery.Data;
using Aggregator.ServiceDefaults.Logging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Aggregator.Delivery.Messages;

/// <summary>
/// Records a submitted message and its delivery. A redelivered or duplicate <see cref="MessageSubmitted"/>
/// finds the row already there and changes nothing.
/// </summary>
public sealed class MessageSubmittedConsumer(DeliveryDbContext db, TimeProvider clock, ILogger<MessageSubmittedConsumer> logger)
    : IConsumer<MessageSubmitted>
{
    public async Task Consume(ConsumeContext<MessageSubmitted> context)
    {
        var message = context.Message;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["messageId"] = message.MessageId });

        var now = clock.GetUtcNow();
        db.Messages.Add(new MessageState
        {
            MessageId = message.MessageId,
            TraceId = message.TraceId,
            Channel = message.Channel,
            Recipient = RecipientMask.Mask(message.Recipient),
            State = MessageStates.Delivered,
            Attempts = 1,
            CreatedAt = message.SubmittedAt,
            UpdatedAt = now,
            DeliveredAt = now,
        });
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            logger.LogInformation("Message already recorded; duplicate submission ignored");
            return;
        }
        logger.LogInformation("Delivered {Channel} message to {Recipient}", message.Channel, RecipientMask.Mask(message.Recipient));
    }
}
