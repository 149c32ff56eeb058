using MassTransit;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// On a saga endpoint, per message type between the retries and the outbox (<see cref="FirstAttemptConfiguration"/>):
/// gives each try of the event a fresh <see cref="FirstAttempts"/> and, once the saga has committed and its outbox has
/// been sent, starts the commands the saga took into it. A try that fails starts none and gives their slots back.
/// </summary>
public sealed class FirstAttemptFilter<TMessage>(FirstAttemptStarter starter) : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        var attempts = context.AddOrUpdatePayload(() => new FirstAttempts(starter), _ => new FirstAttempts(starter));
        try
        {
            await next.Send(context);
        }
        catch
        {
            attempts.ReleaseAll();
            throw;
        }
        starter.CountSentWithoutSlot(attempts.WithoutSlot);
        for (var i = 0; i < attempts.Attempts.Count; i++)
        {
            try
            {
                await starter.StartAsync(context, attempts.Attempts[i]);
            }
            catch
            {
                // StartAsync gave its own slot back; those not started yet give theirs back too.
                foreach (var notStarted in attempts.Attempts.Skip(i + 1))
                {
                    starter.Release(notStarted.Command);
                }
                throw;
            }
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("firstAttemptInProcess");
}
