using Aggregator.Delivery.Data;
using MassTransit;

namespace Aggregator.Delivery.StateMachines;

/// <summary>
/// Writes an action on a message into its history through the message scope's DbContext, so the entry commits (or rolls
/// back) with the saga's change, and logs it.
/// </summary>
public static class MessageAudit
{
    public static void Record<T>(BehaviorContext<MessageState, T> context, string action, string? by, DateTimeOffset at)
        where T : class
    {
        var entry = new MessageAuditEntry
        {
            MessageId = context.Saga.CorrelationId,
            Action = action,
            By = by ?? "unknown",
            At = at,
            FromState = context.Saga.CurrentState,
        };
        context.GetServiceOrCreateInstance<DeliveryDbContext>().Audit.Add(entry);
        context.GetServiceOrCreateInstance<ILogger<MessageAuditEntry>>().LogInformation(
            "Message {MessageId} {Action:l} by {By:l} from {FromState:l}", entry.MessageId, entry.Action, entry.By, entry.FromState);
    }
}
