using Aggregator.Contracts;
using MassTransit;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// Starts a message's first attempt of a cycle in the saga's own consume, right after the saga's transaction (which keeps
/// the command) has committed and its outbox has been sent, instead of a second trip through RabbitMQ to the channel's
/// queue. Nothing is lost by it: the saga's event is acknowledged only after the attempt, so a crash during it brings
/// the event back (the saga, still Accepted, starts the attempt again; Processing, it is the sweeper's once the lease has
/// run out, as for a channel consumer's crash). The channel's queue still takes what does not run here: retries
/// (scheduled onto it as MassTransit's redelivery would), commands that find no free <see cref="AttemptSlots"/>, and any
/// attempt that ends in an exception rather than an outcome (the channel's consumer then claims it and finds where it
/// stands: delivered, held elsewhere, or still to do).
/// </summary>
public sealed class FirstAttemptFilter(
    IServiceScopeFactory scopes,
    ProviderChains providers,
    AttemptSlots slots,
    TimeProvider clock,
    ILogger<FirstAttemptFilter> logger) : IFilter<ConsumeContext>
{
    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        var attempts = context.AddOrUpdatePayload(() => new FirstAttempts(), _ => new FirstAttempts());
        await next.Send(context);
        foreach (var command in attempts.Commands)
        {
            await StartAsync(context, command);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("firstAttemptInProcess");

    private async Task StartAsync(ConsumeContext context, DeliverMessage command)
    {
        if (!slots.TryEnterInProcess(command.Channel, command.Priority))
        {
            await SendToQueueAsync(context, command);
            return;
        }
        try
        {
            AttemptFailure? failure;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var runner = scope.ServiceProvider.GetRequiredService<DeliveryAttemptRunner>();
                failure = await runner.RunAsync(context, command, retry: 0, providers.For(command.Channel));
            }
            catch (Exception exception)
            {
                logger.LogWarning("The first attempt of message {MessageId} could not run in process ({Reason:l}); its channel's queue takes it",
                    command.MessageId, exception.GetBaseException().Message);
                await SendToQueueAsync(context, command);
                return;
            }
            if (failure?.Wait is { } wait)
            {
                // The channel's consumer numbers it from the redelivery count, as for MassTransit's own redelivery.
                await context.ScheduleSend(ChannelQueues.Address(command.Channel, command.Priority), (clock.GetUtcNow() + wait.Delay).UtcDateTime, command,
                    Pipe.Execute<SendContext<DeliverMessage>>(send => send.Headers.Set(MessageHeaders.RedeliveryCount, 1)), CancellationToken.None);
            }
        }
        finally
        {
            slots.LeaveInProcess(command.Channel, command.Priority);
        }
    }

    private static async Task SendToQueueAsync(ConsumeContext context, DeliverMessage command)
    {
        var queue = await context.GetSendEndpoint(ChannelQueues.Address(command.Channel, command.Priority));
        await queue.Send(command, CancellationToken.None);
    }
}
