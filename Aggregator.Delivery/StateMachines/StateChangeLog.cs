using Aggregator.Contracts;
using Aggregator.ServiceDefaults.Logging;
using Aggregator.Delivery.Persistence;
using MassTransit;

namespace Aggregator.Delivery.StateMachines;

/// <summary>
/// One log line per state change (with the message id, and the trace id the consume activity carries from the
/// Router) and the retry, delivery and failure counters: the saga's own changes as it observes them, and Delivered,
/// which the channel consumer writes with the attempt (<see cref="MessageStateWrites"/>), when the consumer reports it.
/// A new saga created Processing gets no line of its own: its attempt's outcome (Delivered, a failure) follows within
/// the same consume, and the Router's "Accepted" line has already said the message arrived; a line per message fewer
/// to format, ship and store.
/// </summary>
public sealed class StateChangeLog(ILogger<StateChangeLog> logger, MessageMetrics metrics) : IStateObserver<MessageState>
{
    private const string Line = "Message {From:l} -> {To:l} ({Channel}, attempt {Attempt}{Detail:l})";

    public void NothingToRedrive(MessageState saga) =>
        logger.LogError("Message {MessageId} cannot be redriven: no command is kept for it", saga.CorrelationId);

    public void Delivered(MessageChannel channel, int attempt, string recipient)
    {
        logger.LogInformation(Line, nameof(MessageStateMachine.Processing), nameof(MessageStateMachine.Delivered), channel, attempt,
            $" to {RecipientMask.Mask(recipient)}");
        metrics.Delivered(channel);
    }

    /// <summary>An attempt's claim or a failure whose retry would come too late made the message Expired.</summary>
    public void Expired(MessageChannel channel, string from, int attempt, string why)
    {
        logger.LogInformation(Line, from, nameof(MessageStateMachine.Expired), channel, attempt, $": {why}");
        metrics.Expired(channel);
    }

    /// <summary>Counted here; the cancel's own line, with who asked, is the audit's.</summary>
    public void Cancelled(MessageChannel channel) => metrics.Cancelled(channel);

    public Task StateChanged(BehaviorContext<MessageState> context, State currentState, State previousState)
    {
        if (previousState is null || previousState.Name == currentState.Name || IsCreatedProcessing(context, previousState, currentState))
        {
            // MassTransit reports the new instance's Initial state too; that is not a change worth a line.
            return Task.CompletedTask;
        }
        var saga = context.Saga;
        var (from, to, channel, attempts, detail) = (previousState.Name, currentState.Name, saga.Channel, saga.Attempts, Detail(currentState.Name, saga));
        var (messageId, traceId) = (saga.CorrelationId, saga.TraceId);
        // Said and counted once committed: a change that rolls back (a repeated submission's first try) never happened.
        context.GetServiceOrCreateInstance<SagaCommitHooks>().AfterCommit(() =>
        {
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["messageId"] = messageId, ["traceId"] = traceId });
            logger.LogInformation(Line, from, to, channel, attempts, detail);
            switch (to)
            {
                case nameof(MessageStateMachine.Retrying):
                    metrics.Retrying(channel);
                    break;
                case nameof(MessageStateMachine.Failed):
                    metrics.Failed(channel);
                    break;
            }
        });
        return Task.CompletedTask;
    }

    private static bool IsCreatedProcessing(BehaviorContext<MessageState> context, State from, State to) =>
        from.Name == context.StateMachine.Initial.Name && to.Name == nameof(MessageStateMachine.Processing);

    private static string Detail(string state, MessageState saga) => state switch
    {
        nameof(MessageStateMachine.Retrying) => $", next attempt {saga.NextAttemptAt:O}: {saga.LastError}",
        nameof(MessageStateMachine.Failed) => $": {saga.LastError}",
        _ => "",
    };
}
