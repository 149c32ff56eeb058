using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.Delivery.Data;
using MassTransit;

namespace Aggregator.Delivery.StateMachines;

/// <summary>
/// Keeps and takes back the last command of a Failed message. It works through the message scope's
/// DbContext, the one the saga repository saves, so the row changes commit with the saga.
/// </summary>
public static class FailedDeliveries
{
    public static async Task KeepAsync(BehaviorContext<MessageState> context, DeliverMessage command)
    {
        var db = context.GetServiceOrCreateInstance<DeliveryDbContext>();
        var kept = await db.FailedDeliveries.FindAsync([command.MessageId], context.CancellationToken);
        if (kept is null)
        {
            kept = new FailedDelivery { MessageId = command.MessageId };
            db.FailedDeliveries.Add(kept);
        }
        kept.Command = JsonSerializer.Serialize(command);
        kept.FailedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>
    /// Returns the kept command, numbered to continue after the attempts so far, and forgets it. Throws while
    /// the fault that brings it has not arrived yet; the saga endpoint's retry then tries the redrive again.
    /// </summary>
    public static async Task<DeliverMessage> TakeAsync(BehaviorContext<MessageState> context, int firstAttempt)
    {
        var db = context.GetServiceOrCreateInstance<DeliveryDbContext>();
        var kept = await db.FailedDeliveries.FindAsync([context.Saga.CorrelationId], context.CancellationToken)
            ?? throw new InvalidOperationException($"The failed command of {context.Saga.CorrelationId} is not recorded yet.");
        db.FailedDeliveries.Remove(kept);
        return JsonSerializer.Deserialize<DeliverMessage>(kept.Command)! with { FirstAttempt = firstAttempt };
    }
}
