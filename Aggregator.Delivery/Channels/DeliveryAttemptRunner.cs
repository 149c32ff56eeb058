using Aggregator.ServiceDefaults.Data;
using Aggregator.Contracts;
using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Resilience;
using Aggregator.Delivery.StateMachines;
using Aggregator.Delivery.StatusEvents;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// One delivery attempt, the same for every channel: claim the attempt (which also finds an earlier delivery; a new
/// saga's first attempt in process was claimed by the saga's insert), hand the
/// message to the channel's providers in order (<see cref="ProviderChain"/>), record the outcome with the providers
/// tried. A success is recorded together with the message's Delivered state; a failure is reported to the saga, which
/// decides what follows. A failure is returned to the caller with the wait before the next attempt, if there is one: the
/// channel consumer hands it to MassTransit's scheduled redelivery, the first attempt in process (<see cref="FirstAttemptStarter"/>)
/// schedules the command onto the channel's queue.
/// </summary>
public sealed class DeliveryAttemptRunner(
    MessageStateWrites states,
    StateChangeLog changes,
    StatusEventPublisher statusEvents,
    OutageWaits waits,
    IOptions<RedeliveryOptions> redelivery,
    IOptions<AttemptOptions> attemptOptions,
    TimeProvider clock,
    ILogger<DeliveryAttemptRunner> logger)
{
    private static readonly TimeSpan LongestRecordingPause = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Makes attempt <c>command.FirstAttempt + retry</c> (<paramref name="retry"/>: how many times the command has been
    /// redelivered), publishing status events and the saga's reports from <paramref name="context"/>. Returns null when
    /// nothing follows, otherwise how it failed and when the next attempt is due. <paramref name="claimedWithSaga"/>: the
    /// saga was just written Processing with this attempt's lease (<see cref="FirstAttempts.TryTakeClaimed"/>), so the
    /// attempt is this process's without a claim.
    /// </summary>
    public async Task<AttemptFailure?> RunAsync(ConsumeContext context, DeliverMessage command, int retry, ProviderChain providers, bool claimedWithSaga = false)
    {
        var attempt = command.FirstAttempt + retry;
        var cancellationToken = context.CancellationToken;
        var options = attemptOptions.Value;
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["messageId"] = command.MessageId,
            ["attempt"] = attempt,
        });

        // Keyed on our messageId: MassTransit gives a redelivered command a new MessageId.
        var startedAt = clock.GetUtcNow();
        if (!claimedWithSaga)
        {
            var claim = await states.BeginAttemptAsync(command.MessageId, attempt, startedAt, options.Lease, cancellationToken);
            switch (claim.Start)
            {
                case AttemptStart.AlreadyDelivered:
                    logger.LogInformation("Already delivered on attempt {DeliveredAttempt}; the provider is not called again", claim.DeliveredAttempt);
                    // Its status event may have been lost with the process that delivered it: told again, with the same event id.
                    await TellAsync(nameof(MessageStateMachine.Delivered), claim.DeliveredAttempt!.Value);
                    return null;
                case AttemptStart.Expired:
                    changes.Expired(command.Channel, claim.State ?? "Accepted", attempt,
                        $"the attempt would start after its expiresAt {command.ExpiresAt:O}; the provider is not called");
                    await TellAsync(nameof(MessageStateMachine.Expired), attempt - 1);
                    return null;
                case AttemptStart.HeldElsewhere:
                    throw new AttemptHeldElsewhereException(command.MessageId, attempt);
                case AttemptStart.Settled or AttemptStart.Unknown or AttemptStart.Outdated:
                    logger.LogInformation("Attempt {Attempt} not made: the message is {State}; the provider is not called", attempt,
                        claim.Start == AttemptStart.Outdated ? $"{claim.State} and this attempt is settled or overtaken" : claim.State ?? "unknown");
                    return null;
            }
        }

        var tries = new List<ProviderTry>();
        try
        {
            var handOff = await CallProvidersAsync(providers, command, attempt, tries, options.ProviderTimeout);
            var providerMessageId = ErrorText.CapProviderMessageId(handOff.ProviderMessageId)!;
            await FinishAsync(AttemptOutcome.Succeeded, null, handOff.Provider, providerMessageId);
            changes.Delivered(command.Channel, attempt, command.Recipient);
            await TellAsync(nameof(MessageStateMachine.Delivered), attempt);
            // A receipt may have come in before the attempt was recorded: it waits in provider_receipts for this. Only for
            // providers that send receipts: it is a statement and a commit more per message.
            if (handOff.SendsReceipts)
            {
                IReadOnlyList<StatusChange> applied = [];
                await ThroughOutagesAsync("apply early receipts", async () => applied = await states.ApplyReceiptsAsync(providerMessageId, cancellationToken), cancellationToken);
                foreach (var change in applied)
                {
                    await statusEvents.PublishAsync(context, change, CancellationToken.None);
                }
            }
            return null;
        }
        catch (TransientDeliveryException failure)
        {
            var error = ErrorText.Cap(failure.Message);
            var failedAt = await FinishAsync(AttemptOutcome.FailedTransiently, error, tries.LastOrDefault()?.Provider, null);
            var intervals = redelivery.Value.Intervals;
            var wait = retry < intervals.Length ? RedeliveryWait.Of(intervals[retry], failure.RetryAfter) : null;
            if (failedAt + wait?.Delay > command.ExpiresAt)
            {
                await ExpireAsync(error, failedAt, failedAt + wait!.Delay);
                return null;
            }
            await ReportAsync(context, command, new DeliveryAttemptFailed
            {
                MessageId = command.MessageId,
                TraceId = command.TraceId,
                Attempt = attempt,
                Error = error,
                FailedAt = failedAt,
                NextAttemptAt = failedAt + wait?.Delay,
            });
            logger.LogWarning("Attempt {Attempt} failed transiently: {Error:l}; next attempt {NextAttemptAt:l}", attempt, error,
                (failedAt + wait?.Delay)?.ToString("O") ?? "none");
            return new AttemptFailure(failure, wait);
        }
        catch (PermanentDeliveryException failure)
        {
            var error = ErrorText.Cap(failure.Message);
            var failedAt = await FinishAsync(AttemptOutcome.FailedPermanently, error, tries.LastOrDefault()?.Provider, null);
            await ReportAsync(context, command, new DeliveryAttemptFailedPermanently
            {
                MessageId = command.MessageId,
                TraceId = command.TraceId,
                Attempt = attempt,
                Error = error,
                FailedAt = failedAt,
            });
            logger.LogWarning("Attempt {Attempt} failed permanently: {Error:l}", attempt, error);
            return new AttemptFailure(failure, null);
        }

        // A retry would start after expiresAt: the message is Expired now rather than at its slot, and not redelivered.
        async Task ExpireAsync(string error, DateTimeOffset failedAt, DateTimeOffset nextAttemptAt)
        {
            if (await states.ExpireAfterAttemptAsync(command.MessageId, attempt, error, failedAt, CancellationToken.None))
            {
                changes.Expired(command.Channel, nameof(MessageStateMachine.Processing), attempt,
                    $"{error}; the next attempt, due {nextAttemptAt:O}, would start after its expiresAt {command.ExpiresAt:O}");
                await TellAsync(nameof(MessageStateMachine.Expired), attempt);
            }
        }

        // Not cancelled by a shutdown: what it tells has been recorded.
        Task TellAsync(string state, int attempts) => statusEvents.PublishAsync(context, new StatusChange(
            command.MessageId, command.TraceId, command.Channel, state, attempts, null, command.SubmittedBy, clock.GetUtcNow()), CancellationToken.None);

        // Records how the attempt ended (a success together with the message's Delivered state) and when.
        async Task<DateTimeOffset> FinishAsync(AttemptOutcome outcome, string? error, string? provider, string? providerMessageId)
        {
            var finishedAt = clock.GetUtcNow();
            var record = new DeliveryAttempt
            {
                MessageId = command.MessageId,
                Attempt = attempt,
                Channel = command.Channel,
                StartedAt = startedAt,
                FinishedAt = finishedAt,
                Outcome = outcome,
                Error = error,
                Provider = provider,
                ProviderMessageId = providerMessageId,
                // The common case, the first provider took it, is said by Provider alone: no JSON to write and parse per message.
                ProvidersTried = tries is [{ Outcome: ProviderTryOutcome.Succeeded }] ? null
                    : tries.Select(t => t with { Error = t.Error is null ? null : ErrorText.Cap(t.Error) }).ToList(),
            };
            // Not cancelled by a shutdown either: the statement is short, and what it records has happened.
            await ThroughOutagesAsync($"record attempt {attempt} ({outcome})", () => states.FinishAttemptAsync(record, CancellationToken.None), cancellationToken);
            return finishedAt;
        }
    }

    /// <summary>
    /// An attempt's failure goes to the saga on the message's lane: a high message's events never queue behind normal ones.
    /// Not cancelled by a shutdown: the failure it reports has been recorded.
    /// </summary>
    private static async Task ReportAsync<T>(ConsumeContext context, DeliverMessage command, T message)
        where T : class
    {
        if (command.Priority == MessagePriority.High)
        {
            var lane = await context.GetSendEndpoint(MessageLanes.SagaHighAddress);
            await lane.Send(message, CancellationToken.None);
        }
        else
        {
            await context.Publish(message, CancellationToken.None);
        }
    }

    /// <summary>
    /// Bounded by its own timeout only, not by the service's shutdown: a call cancelled half-way may have reached the
    /// provider, and its outcome would then be lost and the message sent again once the lease ran out.
    /// </summary>
    private static async Task<ProviderHandOff> CallProvidersAsync(
        ProviderChain providers, DeliverMessage command, int attempt, List<ProviderTry> tries, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await providers.SendAsync(command, attempt, tries, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // Its outcome is unknown; the lease outlives the timeout, so no other copy called the provider meanwhile.
            throw new TransientDeliveryException($"The providers did not answer within {timeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>
    /// The provider has been called: retrying the whole consumer now would call it again, so the record itself waits for
    /// PostgreSQL, however long it is away. Only a shutdown stops the wait; the command then returns to the queue and the
    /// attempt is made again once its lease has run out (README, "Sent at most once per attempt").
    /// </summary>
    private async Task ThroughOutagesAsync(string what, Func<Task> write, CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await write();
                return;
            }
            catch (Exception exception) when (DatabaseOutage.IsUnavailable(exception) && !cancellationToken.IsCancellationRequested)
            {
                waits.NoteOutage(exception);
                logger.LogWarning("Could not {What:l}: PostgreSQL is unavailable ({Reason:l}); trying again in {Pause}",
                    what, exception.GetBaseException().Message, pause);
                await Task.Delay(pause, clock, cancellationToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestRecordingPause.Ticks));
            }
        }
    }
}
