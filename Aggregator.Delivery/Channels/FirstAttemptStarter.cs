using System.Diagnostics.Metrics;
using Aggregator.Contracts;
using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Telemetry;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// Starts a message's first attempt of a cycle in the saga's own consume, once the saga's transaction (which keeps the
/// command) has committed and its outbox has been sent (<see cref="FirstAttemptFilter{TMessage}"/>), instead of a second
/// trip through RabbitMQ to the channel's queue. A new saga's first attempt was claimed by the saga's own insert
/// (written Processing with the attempt's lease), so it starts without a claim of its own. Nothing is lost by it: the
/// saga's event is acknowledged only after the attempt, so a crash during it brings the event back (the saga, still
/// Accepted, starts the attempt again; Processing, it is the sweeper's once the lease has run out; Delivered, it tells
/// the Delivered status again). The channel's queue still takes what does not run here: retries (scheduled onto it as
/// MassTransit's redelivery would), commands that find no free <see cref="AttemptSlots"/> when the saga takes them
/// (the saga sends those itself), and any attempt that ends in an exception rather than an outcome (the channel's
/// consumer then claims it and finds where it stands: delivered, held elsewhere, or still to do).
/// </summary>
public sealed class FirstAttemptStarter(
    IServiceScopeFactory scopes,
    ProviderChains providers,
    AttemptSlots slots,
    IOptions<AttemptOptions> attemptOptions,
    IMeterFactory meters,
    TimeProvider clock,
    ILogger<FirstAttemptStarter> logger)
{
    private readonly Counter<long> started = meters.Create(DeliveryMeter.Name)
        .CreateCounter<long>("aggregator.attempts.first", description: "First attempts of a cycle, by where they ran (in_process, queue_no_slot, queue_after_exception).");

    /// <summary>How long a first attempt claimed by its saga's insert belongs to this process.</summary>
    public TimeSpan Lease => attemptOptions.Value.Lease;

    /// <summary>Takes a slot of the command's lane for it, if one is free at once (else the saga sends it to the queue).</summary>
    public bool TryReserve(DeliverMessage command) => slots.TryEnterInProcess(command.Channel, command.Priority);

    /// <summary>Counts the commands a committed saga event sent to their queue for want of a slot.</summary>
    public void CountSentWithoutSlot(int commands)
    {
        if (commands > 0)
        {
            started.Add(commands, new KeyValuePair<string, object?>("ran", "queue_no_slot"));
        }
    }

    /// <summary>Gives back the slot of a command taken but not started.</summary>
    public void Release(DeliverMessage command) => slots.LeaveInProcess(command.Channel, command.Priority);

    /// <summary>
    /// Runs the attempt here, in the slot <see cref="TryReserve"/> took, and gives the slot back; <paramref name="context"/>
    /// is the saga event's consume outside its outbox, so what the attempt publishes goes out at once.
    /// </summary>
    public async Task StartAsync(ConsumeContext context, FirstAttempt taken)
    {
        var command = taken.Command;
        try
        {
            AttemptFailure? failure;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var runner = scope.ServiceProvider.GetRequiredService<DeliveryAttemptRunner>();
                failure = await runner.RunAsync(context, command, retry: 0, providers.For(command.Channel), taken.ClaimedWithSaga);
            }
            catch (Exception exception)
            {
                started.Add(1, new KeyValuePair<string, object?>("ran", "queue_after_exception"));
                logger.LogWarning("The first attempt of message {MessageId} ended without an outcome ({Reason:l}); its channel's queue takes it",
                    command.MessageId, exception.GetBaseException().Message);
                await SendToQueueAsync(context, command);
                return;
            }
            started.Add(1, new KeyValuePair<string, object?>("ran", "in_process"));
            if (failure?.Wait is { } wait)
            {
                // The channel's consumer numbers it from the redelivery count, as for MassTransit's own redelivery.
                await context.ScheduleSend(ChannelQueues.Address(command.Channel, command.Priority), (clock.GetUtcNow() + wait.Delay).UtcDateTime, command,
                    Pipe.Execute<SendContext<DeliverMessage>>(send => send.Headers.Set(MessageHeaders.RedeliveryCount, 1)), CancellationToken.None);
            }
        }
        finally
        {
            Release(command);
        }
    }

    private static async Task SendToQueueAsync(ConsumeContext context, DeliverMessage command)
    {
        var queue = await context.GetSendEndpoint(ChannelQueues.Address(command.Channel, command.Priority));
        await queue.Send(command, CancellationToken.None);
    }
}
