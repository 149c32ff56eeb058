using MassTransit;

namespace Aggregator.Delivery.StateMachines;

/// <summary>
/// Watches every state change the saga makes: one log line each (with the message id, and the trace id the
/// consume activity carries from the Router), and the retry and failure counters. Processing and Delivered are
/// written with the attempt itself (see <see cref="Attempts.AttemptLog"/>); the consumer logs and counts those.
/// </summary>
public sealed class MessageTransitions(ILogger<MessageTransitions> logger, MessageMetrics metrics) : IStateObserver<MessageState>
{
    public Task StateChanged(BehaviorContext<MessageState> context, State currentState, State previousState)
    {
        if (previousState is null || previousState.Name == currentState.Name)
        {
            // MassTransit reports the new instance's Initial state too; that is not a change worth a line.
            return Task.CompletedTask;
        }
        var saga = context.Saga;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["messageId"] = saga.CorrelationId, ["traceId"] = saga.TraceId });
        logger.LogInformation(
            "Message {From:l} -> {To:l} ({Channel}, attempt {Attempt}{Detail:l})",
            previousState.Name, currentState.Name, saga.Channel, saga.Attempts, Detail(currentState.Name, saga));

        switch (currentState.Name)
        {
            case nameof(MessageStateMachine.Retrying):
                metrics.Retrying(saga.Channel);
                break;
            case nameof(MessageStateMachine.Failed):
                metrics.Failed(saga.Channel);
                break;
        }
        return Task.CompletedTask;
    }

    private static string Detail(string state, MessageState saga) => state switch
    {
        nameof(MessageStateMachine.Retrying) => $", next attempt {saga.NextAttemptAt:O}: {saga.LastError}",
        nameof(MessageStateMachine.Failed) => $": {saga.LastError}",
        _ => "",
    };
}
