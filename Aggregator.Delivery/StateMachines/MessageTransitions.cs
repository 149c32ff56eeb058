using System.Diagnostics.Metrics;
using MassTransit;

namespace Aggregator.Delivery.StateMachines;

/// <summary>
/// Watches every state change of every message: one log line each (with the message id, and the trace id
/// the consume activity carries from the Router) and the counters for retries, deliveries and failures by channel.
/// </summary>
public sealed class MessageTransitions : IStateObserver<MessageState>
{
    private readonly ILogger<MessageTransitions> logger;
    private readonly Counter<long> retries;
    private readonly Counter<long> delivered;
    private readonly Counter<long> failed;

    public MessageTransitions(ILogger<MessageTransitions> logger, IMeterFactory meters)
    {
        this.logger = logger;
        var meter = meters.Create("Aggregator.delivery");
        retries = meter.CreateCounter<long>("aggregator.messages.retries", description: "Transient failures that were scheduled for another attempt.");
        delivered = meter.CreateCounter<long>("aggregator.messages.delivered", description: "Messages delivered.");
        failed = meter.CreateCounter<long>("aggregator.messages.failed", description: "Messages that ended Failed.");
    }

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

        var channel = new KeyValuePair<string, object?>("channel", saga.Channel.ToString().ToLowerInvariant());
        switch (currentState.Name)
        {
            case nameof(MessageStateMachine.Retrying):
                retries.Add(1, channel);
                break;
            case nameof(MessageStateMachine.Delivered):
                delivered.Add(1, channel);
                break;
            case nameof(MessageStateMachine.Failed):
                failed.Add(1, channel);
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
