using Aggregator.Contracts;
using MassTransit;

namespace Aggregator.Delivery.Intake;

/// <summary>
/// Hands each message of a batch's envelope on to the saga, on its lane, as if the Router had published it alone. A
/// crash half-way hands them all on again when the envelope is redelivered: the saga takes a submission it already
/// holds as a repeat (it re-sends an Accepted message's command, whose claim lets one copy through; a Processing one is
/// the sweeper's once its lease has run out).
/// </summary>
public sealed class SubmittedBatchConsumer : IConsumer<MessagesSubmitted>
{
    public async Task Consume(ConsumeContext<MessagesSubmitted> context)
    {
        var highLane = context.Message.Messages.Any(m => m.Priority == MessagePriority.High)
            ? await context.GetSendEndpoint(MessageLanes.SagaHighAddress)
            : null;
        await Task.WhenAll(context.Message.Messages.Select(message => message.Priority == MessagePriority.High
            ? highLane!.Send(message, context.CancellationToken)
            : context.Publish(message, context.CancellationToken)));
    }
}
