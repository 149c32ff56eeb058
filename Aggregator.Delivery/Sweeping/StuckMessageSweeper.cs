using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Aggregator.Contracts;
using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Channels;
using Aggregator.Delivery.Data;
using Aggregator.Delivery.Telemetry;
using Aggregator.Delivery.Resilience;
using Aggregator.Delivery.StateMachines;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Sweeping;

/// <summary>
/// Finds messages that have not moved past their deadline — Accepted with no attempt, Retrying or Scheduled long past its next attempt,
/// Processing long past its lease — and sends their kept command again, numbered as the attempt that is due. The attempt's
/// lease makes a re-send harmless when the original turns up after all. What it cannot send on (no command kept) it
/// reports: an error line, <c>aggregator_messages_stuck_total</c>, and <c>stuck=true</c> on the support list.
/// One instance sweeps at a time: a transaction-scoped advisory lock, so several Delivery processes can run it.
/// </summary>
public sealed class StuckMessageSweeper(
    IServiceScopeFactory scopes,
    ISendEndpointProvider sender,
    IMeterFactory meters,
    OutageWaits waits,
    ProtectedText text,
    IOptions<SweeperOptions> options,
    IOptions<AttemptOptions> attemptOptions,
    TimeProvider clock,
    ILogger<StuckMessageSweeper> logger) : BackgroundService
{
    /// <summary>The advisory lock one instance holds while it runs (specs hold it to play another instance).</summary>
    public const long SweepLockKey = 7_414_651_031;

    private readonly Counter<long> stuck = meters.Create(DeliveryMeter.Name)
        .CreateCounter<long>("aggregator.messages.stuck", description: "Messages found stuck by the sweeper, by what it did (resent, unrecoverable).");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // PostgreSQL or RabbitMQ away: the next tick tries again.
                waits.NoteOutage(exception);
                logger.LogWarning("Sweeping for stuck messages failed: {Reason:l}", exception.GetBaseException().Message);
            }
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var states = scope.ServiceProvider.GetRequiredService<MessageStateWrites>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({SweepLockKey}) AS \"Value\"").SingleAsync(cancellationToken);
        if (!locked)
        {
            return;
        }

        // A lease that ran out while PostgreSQL was away may belong to a consumer that is only now recording its attempt.
        var settings = options.Value;
        var includeProcessing = waits.QuietFor >= attemptOptions.Value.Lease + settings.LeaseExpiredFor;
        var found = await states.LockStuckAsync(settings, includeProcessing, cancellationToken);
        var resent = new List<Guid>();
        var unrecoverable = new List<Guid>();
        foreach (var message in found)
        {
            var (command, missing) = KeptCommand(message);
            if (command is null)
            {
                unrecoverable.Add(message.MessageId);
                stuck.Add(1, new KeyValuePair<string, object?>("outcome", "unrecoverable"));
                logger.LogError("Message {MessageId} is stuck {State} and cannot be sent on: {Missing:l}; an operator must look at it",
                    message.MessageId, message.State, missing);
                continue;
            }
            var attempt = DueAttempt(message, command);
            var endpoint = await sender.GetSendEndpoint(ChannelQueues.Address(command.Channel, command.Priority));
            await endpoint.Send(command, context => context.Headers.Set(MessageHeaders.RedeliveryCount, attempt - command.FirstAttempt), cancellationToken);
            resent.Add(message.MessageId);
            stuck.Add(1, new KeyValuePair<string, object?>("outcome", "resent"));
            logger.LogWarning("Message {MessageId} was stuck {State}; its command is sent again as attempt {Attempt}", message.MessageId, message.State, attempt);
        }
        if (found.Count > 0)
        {
            await states.MarkSweptAsync(resent, unrecoverable, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The message's kept command, or null and why there is none to send.</summary>
    private (DeliverMessage? Command, string? Missing) KeptCommand(StuckMessage message)
    {
        if (message.Command is null)
        {
            return (null, "no command is kept");
        }
        try
        {
            return (DeliveryCommands.Read(text, message.Command), null);
        }
        catch (CryptographicException exception)
        {
            // Its key is gone from the ring: reported, instead of failing every sweep from now on.
            return (null, $"its kept command cannot be decrypted ({exception.Message})");
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or NotSupportedException)
        {
            // A command kept by an older version that no longer reads: the same, one message reported, the sweep goes on.
            return (null, $"its kept command cannot be read ({exception.Message})");
        }
    }

    /// <summary>The attempt that should run now: the cycle's first, the one after the last, or the one whose consumer died.</summary>
    private static int DueAttempt(StuckMessage message, DeliverMessage command) => message.State switch
    {
        nameof(MessageStateMachine.Retrying) => Math.Max(message.Attempts + 1, command.FirstAttempt),
        // Its consumer died after recording the outcome but before the saga heard of it or the retry was scheduled.
        nameof(MessageStateMachine.Processing) when message.AttemptRecorded || message.FinishedAttempts >= message.Attempts =>
            Math.Max(message.Attempts + 1, command.FirstAttempt),
        nameof(MessageStateMachine.Processing) => Math.Max(message.Attempts, command.FirstAttempt),
        _ => command.FirstAttempt,
    };
}
