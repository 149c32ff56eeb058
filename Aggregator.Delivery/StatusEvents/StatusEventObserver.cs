using Aggregator.Delivery.StateMachines;
using MassTransit;

namespace Aggregator.Delivery.StatusEvents;

/// <summary>
/// The saga's own changes clients hear of (Retrying, Failed): published through the saga's outbox, so after its
/// transaction commits, and again if the event is consumed again after a failed commit.
/// </summary>
public sealed class StatusEventObserver(StatusEventPublisher events) : IStateObserver<MessageState>
{
    public async Task StateChanged(BehaviorContext<MessageState> context, State currentState, State previousState)
    {
        if (previousState is not null && previousState.Name != currentState.Name && events.Wanted)
        {
            await events.PublishAsync(context, StatusEventPublisher.Of(context.Saga) with { State = currentState.Name }, context.CancellationToken);
        }
    }
}
