using Aggregator.Contracts;
using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Channels;
using Aggregator.Delivery.StatusEvents;
using Aggregator.ServiceDefaults.Logging;
using MassTransit;

namespace Aggregator.Delivery.StateMachines;

/// <summary>
/// The lifecycle of a message, one saga per message: (Scheduled →) Accepted → Processing → (Retrying → Processing)* →
/// Delivered | Failed | Expired, Failed → Accepted by a redrive, and Scheduled, Accepted or Retrying → Cancelled.
/// Every write of a saga's state is here or beside it:
/// <list type="bullet">
/// <item>this machine: created Accepted (with its kept command, <see cref="DeliveryCommands"/>), or Processing with its first
/// attempt's lease where that attempt starts in process, → Retrying and → Failed on an
/// attempt's failure or the command's fault, Failed → Accepted on a redrive;</item>
/// <item><see cref="MessageStateWrites"/>, one statement each, for the channel consumer: Accepted/Retrying → Processing as an
/// attempt is claimed (with its lease; a Scheduled one once it is due), Processing → Delivered with the attempt's record,
/// → Expired when an attempt would start after <c>expiresAt</c>; for the cancel API: → Cancelled; for the sweeper: a stuck
/// message's deadline restarted or marked stuck; for receipts: the provider's status (<c>providerStatus</c>, which no
/// transition reads or changes);</item>
/// <item><see cref="StateChangeLog"/> logs and counts each change; <see cref="MessageAudit"/> keeps who asked for a redrive
/// (and from which state) in the message's history, in the same transaction as the change.</item>
/// </list>
/// Events of a message that has no saga yet are faulted so that the endpoint's retry tries them again
/// once the saga that is being created is committed; they are never dropped silently.
/// </summary>
public sealed class MessageStateMachine : MassTransitStateMachine<MessageState>
{
    public MessageStateMachine(StateChangeLog transitions, StatusEventObserver statusEvents)
    {
        InstanceState(m => m.CurrentState);
        this.ConnectStateObserver(transitions);
        this.ConnectStateObserver(statusEvents);

        // Inserted with its first save (PostgresSagaRepositoryContext.Insert): no locked read for a saga that is new.
        Event(() => Submitted, e =>
        {
            e.CorrelateById(m => m.Message.MessageId);
            e.InsertOnInitial = true;
            e.SetSagaFactory(m => new MessageState { CorrelationId = m.Message.MessageId });
        });
        Event(() => AttemptFailed, e => { e.CorrelateById(m => m.Message.MessageId); e.OnMissingInstance(m => m.Fault()); });
        Event(() => AttemptFailedPermanently, e => { e.CorrelateById(m => m.Message.MessageId); e.OnMissingInstance(m => m.Fault()); });
        Event(() => DeliveryFaulted, e => { e.CorrelateById(m => m.Message.Message.MessageId); e.OnMissingInstance(m => m.Fault()); });
        Event(() => Redrive, e => { e.CorrelateById(m => m.Message.MessageId); e.OnMissingInstance(m => m.Fault()); });

        Initially(
            When(Submitted, context => IsDueLater(context.Message))
                .Then(context => Accept(context.Saga, context.Message))
                .ThenAsync(async context =>
                {
                    var command = DeliverCommand(context.Message, firstAttempt: 1);
                    DeliveryCommands.Keep(context, command);
                    await ScheduleAsync(context, command);
                })
                .TransitionTo(Scheduled),
            // Where its attempt can start in process, the new saga is written Processing with the attempt's lease: its
            // insert is the attempt's claim (one statement and one update of the row less per message); otherwise Accepted.
            When(Submitted, context => !IsDueLater(context.Message))
                .Then(context => Accept(context.Saga, context.Message))
                .ThenAsync(async context =>
                {
                    var command = DeliverCommand(context.Message, firstAttempt: 1);
                    DeliveryCommands.Keep(context, command);
                    await StartFirstAsync(context, command);
                })
                .IfElse(context => context.Saga.LeaseUntil is not null,
                    claimed => claimed.TransitionTo(Processing),
                    sent => sent.TransitionTo(Accepted)));

        // The same submission again while Scheduled: its scheduling may have been lost with a crash after the commit. A
        // second copy at the due time is harmless (the attempt's claim lets one through).
        During(Scheduled,
            When(Submitted)
                .ThenAsync(async context => await ScheduleAsync(context,
                    await DeliveryCommands.TakeAsync(context) ?? DeliverCommand(context.Message, firstAttempt: 1))),
            Ignore(Redrive),
            Ignore(AttemptFailed),
            Ignore(AttemptFailedPermanently),
            Ignore(DeliveryFaulted));

        // The same message again. While Accepted it may be the redelivery of a submission whose attempt never started (a
        // crash after the commit), so the command is started again; once Delivered, of one whose Delivered status event
        // was lost with the process that delivered it in process: the attempt's claim finds the delivery and tells it
        // again, with the same event id, calling no provider. The attempt's lease keeps two copies from calling the
        // provider together.
        During(Accepted, Delivered,
            When(Submitted)
                .ThenAsync(async context => await SendAsync(context,
                    await DeliveryCommands.TakeAsync(context) ?? DeliverCommand(context.Message, firstAttempt: context.Saga.FirstAttempt))));
        // A redrive seen again while Accepted is one whose send may have been lost.
        During(Accepted,
            When(Redrive)
                .ThenAsync(async context =>
                {
                    if (await DeliveryCommands.TakeAsync(context) is { } command)
                    {
                        await SendAsync(context, command);
                    }
                }));
        // A saga created Processing whose attempt was lost with a crash is the sweeper's once its lease has run out.
        During(Processing, Retrying, Failed, Ignore(Submitted));

        // Final for this machine (Expired and Cancelled are written beside it, MessageStateWrites): whatever arrives late
        // (an earlier attempt's outcome, a fault, a repeated submission or redrive) changes nothing.
        During(Expired, Cancelled,
            Ignore(Submitted),
            Ignore(AttemptFailed),
            Ignore(AttemptFailedPermanently),
            Ignore(DeliveryFaulted),
            Ignore(Redrive));

        // Processing (but for a new saga whose first attempt runs in process) and Delivered are written by the channel
        // consumer together with the attempt (MessageStateWrites), in
        // the saga's row and under its row lock: the common path of a message costs no saga event after its creation.
        // Outcomes of attempts already settled, or of an earlier cycle, change nothing.
        During(Accepted, Processing, Retrying,
            When(AttemptFailed, context => IsNew(context.Saga, context.Message.Attempt) && WaitsForRetry(context.Saga, context.Message))
                .Then(context => FailAttempt(context.Saga, context.Message))
                .TransitionTo(Retrying),
            // The last attempt of the cycle: Failed now, not when (or if) MassTransit's fault of the command arrives.
            When(AttemptFailed, context => IsNew(context.Saga, context.Message.Attempt) && context.Message.NextAttemptAt is null)
                .Then(context => Fail(context.Saga, context.Message.Attempt, context.Message.Error, context.Message.FailedAt))
                .TransitionTo(Failed),
            // An outcome that arrives after the next attempt has already begun: the saga stays where it is.
            When(AttemptFailed, context => IsNew(context.Saga, context.Message.Attempt) && context.Message.NextAttemptAt is not null
                    && !WaitsForRetry(context.Saga, context.Message))
                .Then(context => FailAttempt(context.Saga, context.Message)),
            When(AttemptFailedPermanently, context => IsNew(context.Saga, context.Message.Attempt))
                .Then(context => Fail(context.Saga, context.Message.Attempt, context.Message.Error, context.Message.FailedAt))
                .TransitionTo(Failed),
            // A command that failed for another reason than its provider (a bug, a redelivery that could not be
            // scheduled): Failed, unless a retry is still due, which the sweeper then drives on if it was lost.
            When(DeliveryFaulted, context => IsCurrentCycle(context.Saga, context.Message) && !(context.Saga.CurrentState == nameof(Retrying) && context.Saga.NextAttemptAt is not null))
                .Then(context => Fail(context.Saga, context.Saga.Attempts, FaultError(context.Message), new DateTimeOffset(context.Message.Timestamp, TimeSpan.Zero)))
                .ThenAsync(context => DeliveryCommands.KeepIfMissingAsync(context, context.Message.Message))
                .TransitionTo(Failed));
        During(Processing, Retrying, Ignore(Redrive));

        // The command was kept when the message was accepted; a redrive sends it again as a fresh cycle of attempts.
        During(Failed,
            When(Redrive)
                .IfElseAsync(
                    DeliveryCommands.IsKeptAsync,
                    kept => kept
                        .ThenAsync(async context =>
                        {
                            MessageAudit.Record(context, "redrive", context.Message.RequestedBy, context.Message.RequestedAt);
                            StartCycle(context.Saga);
                            await SendAsync(context, (await DeliveryCommands.TakeAsync(context, firstAttempt: context.Saga.FirstAttempt))!);
                        })
                        .TransitionTo(Accepted),
                    none => none.Then(context => transitions.NothingToRedrive(context.Saga))),
            // Messages failed before commands were kept from acceptance on: the fault brings the command to keep.
            When(DeliveryFaulted)
                .ThenAsync(context => DeliveryCommands.KeepIfMissingAsync(context, context.Message.Message)));

        During(Delivered, Failed,
            Ignore(AttemptFailed),
            Ignore(AttemptFailedPermanently));
        During(Delivered, Ignore(DeliveryFaulted), Ignore(Redrive));
    }

    public State Scheduled { get; private set; } = null!;

    public State Accepted { get; private set; } = null!;

    public State Processing { get; private set; } = null!;

    public State Retrying { get; private set; } = null!;

    public State Delivered { get; private set; } = null!;

    public State Failed { get; private set; } = null!;

    public State Expired { get; private set; } = null!;

    public State Cancelled { get; private set; } = null!;

    public Event<MessageSubmitted> Submitted { get; private set; } = null!;

    public Event<DeliveryAttemptFailed> AttemptFailed { get; private set; } = null!;

    public Event<DeliveryAttemptFailedPermanently> AttemptFailedPermanently { get; private set; } = null!;

    public Event<Fault<DeliverMessage>> DeliveryFaulted { get; private set; } = null!;

    public Event<RedriveMessage> Redrive { get; private set; } = null!;

    /// <summary>An outcome for an attempt already settled is a duplicate or belongs to an earlier cycle.</summary>
    private static bool IsNew(MessageState saga, int attempt) => attempt > saga.FinishedAttempts;

    /// <summary>A retry is scheduled and the redelivered attempt has not begun yet (its consumer may outrun this event).</summary>
    private static bool WaitsForRetry(MessageState saga, DeliveryAttemptFailed message) =>
        message.NextAttemptAt is not null && saga.Attempts <= message.Attempt;

    /// <summary>A <c>sendAt</c> still ahead: the message waits on the durable scheduler, Scheduled.</summary>
    private static bool IsDueLater(MessageSubmitted message) => message.SendAt > DateTimeOffset.UtcNow;

    private static void Accept(MessageState saga, MessageSubmitted message)
    {
        saga.Priority = message.Priority;
        saga.SendAt = message.SendAt;
        saga.ExpiresAt = message.ExpiresAt;
        // While Scheduled the next attempt is the first one; the sweeper drives it on if its scheduling was lost.
        saga.NextAttemptAt = IsDueLater(message) ? message.SendAt : null;
        saga.TraceId = message.TraceId;
        saga.Channel = message.Channel;
        saga.Recipient = RecipientMask.Mask(message.Recipient);
        saga.SubmittedBy = message.SubmittedBy;
        saga.CreatedAt = message.SubmittedAt;
        saga.UpdatedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>Started in process after the commit where the endpoint allows it (<see cref="FirstAttemptStarter"/>), else sent to the channel's queue.</summary>
    private static async Task SendAsync(BehaviorContext<MessageState> context, DeliverMessage command)
    {
        if (!FirstAttempts.TryTake(context, command))
        {
            await SendToQueueAsync(context, command);
        }
    }

    private static async Task SendToQueueAsync(BehaviorContext<MessageState> context, DeliverMessage command) =>
        await context.Send(ChannelQueues.Address(command.Channel, command.Priority), command);

    /// <summary>
    /// A new saga's first attempt: where it can start in process, claimed by the saga's own insert (attempt 1, leased from
    /// now, the saga written Processing); else sent to the channel's queue. A message with an <c>expiresAt</c> is claimed
    /// by its attempt as before, whose claim makes it Expired if the attempt would start too late.
    /// </summary>
    private static async Task StartFirstAsync(BehaviorContext<MessageState> context, DeliverMessage command)
    {
        if (context.Saga.ExpiresAt is not null)
        {
            await SendAsync(context, command);
            return;
        }
        var now = DateTimeOffset.UtcNow;
        if (FirstAttempts.TryTakeClaimed(context, command, now) is { } leaseUntil)
        {
            context.Saga.Attempts = command.FirstAttempt;
            context.Saga.LeaseUntil = leaseUntil;
            context.Saga.UpdatedAt = now;
            return;
        }
        await SendToQueueAsync(context, command);
    }

    /// <summary>On our durable scheduler (a row in PostgreSQL until due), sent through the saga's outbox after its commit.</summary>
    private static async Task ScheduleAsync(BehaviorContext<MessageState> context, DeliverMessage command) =>
        await context.ScheduleSend(ChannelQueues.Address(command.Channel, command.Priority), context.Saga.SendAt!.Value.UtcDateTime, command);

    private static DeliverMessage DeliverCommand(MessageSubmitted message, int firstAttempt) => new()
    {
        MessageId = message.MessageId,
        TraceId = message.TraceId,
        FirstAttempt = firstAttempt,
        Channel = message.Channel,
        Recipient = message.Recipient,
        Subject = message.Subject,
        Body = message.Body,
        Metadata = message.Metadata,
        ExpiresAt = message.ExpiresAt,
        Priority = message.Priority,
        SubmittedBy = message.SubmittedBy,
    };

    private static void FailAttempt(MessageState saga, DeliveryAttemptFailed message)
    {
        saga.NextAttemptAt = WaitsForRetry(saga, message) ? message.NextAttemptAt : null;
        Finish(saga, message.Attempt);
        saga.LastError = ErrorText.Cap(message.Error);
    }

    private static void Fail(MessageState saga, int attempt, string error, DateTimeOffset failedAt)
    {
        Finish(saga, attempt);
        saga.LastError = ErrorText.Cap(error);
        saga.FailedAt = failedAt;
        saga.NextAttemptAt = null;
    }

    private static void Finish(MessageState saga, int attempt)
    {
        saga.Attempts = Math.Max(saga.Attempts, attempt);
        saga.FinishedAttempts = Math.Max(saga.FinishedAttempts, attempt);
        saga.UpdatedAt = DateTimeOffset.UtcNow;
    }

    private static void StartCycle(MessageState saga)
    {
        saga.FirstAttempt = saga.Attempts + 1;
        saga.FailedAt = null;
        saga.NextAttemptAt = null;
        saga.UpdatedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>A fault of a command of an earlier cycle (before a redrive) is old news.</summary>
    private static bool IsCurrentCycle(MessageState saga, Fault<DeliverMessage> fault) => fault.Message.FirstAttempt >= saga.FirstAttempt;

    private static string FaultError(Fault<DeliverMessage> fault) =>
        fault.Exceptions.FirstOrDefault()?.Message ?? "Delivery failed after all retries.";
}
