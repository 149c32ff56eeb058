using Aggregator.Contracts;
using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Redelivery;
using Aggregator.Delivery.StateMachines;
using Aggregator.ServiceDefaults.Logging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// One delivery attempt, the same for every channel: skip it if the message was already delivered,
/// otherwise mark it Processing, call the provider, record the outcome. A success is recorded together with the
/// message's Delivered state; a failure is reported to the saga, which decides what follows. Failures are rethrown: a transient
/// one is redelivered by MassTransit's scheduled redelivery, a permanent one is faulted at once.
/// </summary>
public sealed class DeliveryAttemptRunner(
    AttemptLog attempts,
    MessageMetrics metrics,
    IOptions<DeliveryRetryOptions> redelivery,
    TimeProvider clock,
    ILogger<DeliveryAttemptRunner> logger)
{
    public async Task RunAsync(ConsumeContext<DeliverMessage> context, IChannelProvider provider)
    {
        var command = context.Message;
        var retry = context.GetRedeliveryCount();
        var attempt = command.FirstAttempt + retry;
        var cancellationToken = context.CancellationToken;
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["messageId"] = command.MessageId,
            ["attempt"] = attempt,
        });

        // Keyed on our messageId: MassTransit gives a redelivered command a new MessageId.
        var startedAt = clock.GetUtcNow();
        if (await attempts.BeginAsync(command.MessageId, attempt, startedAt, cancellationToken) is { } earlier)
        {
            logger.LogInformation("Already delivered on attempt {DeliveredAttempt}; the provider is not called again", earlier.Attempt);
            return;
        }

        try
        {
            var providerMessageId = await provider.SendAsync(command, attempt, cancellationToken);
            await FinishAsync(AttemptOutcome.Succeeded, null, providerMessageId);
            metrics.Delivered(command.Channel);
            // Worded like the saga's own transition lines, so one search finds every state change of a message.
            logger.LogInformation("Message Processing -> Delivered ({Channel}, attempt {Attempt}) to {Recipient:l}", command.Channel, attempt, RecipientMask.Mask(command.Recipient));
        }
        catch (TransientDeliveryException failure)
        {
            var failedAt = await FinishAsync(AttemptOutcome.FailedTransiently, failure.Message, null);
            var intervals = redelivery.Value.Intervals;
            DateTimeOffset? nextAttemptAt = retry < intervals.Length ? failedAt + intervals[retry] : null;
            await context.Publish(new DeliveryAttemptFailed
            {
                MessageId = command.MessageId,
                TraceId = command.TraceId,
                Attempt = attempt,
                Error = failure.Message,
                FailedAt = failedAt,
                NextAttemptAt = nextAttemptAt,
            }, cancellationToken);
            logger.LogWarning("Attempt {Attempt} failed transiently: {Error:l}; next attempt {NextAttemptAt:l}", attempt, failure.Message, nextAttemptAt?.ToString("O") ?? "none");
            throw;
        }
        catch (PermanentDeliveryException failure)
        {
            var failedAt = await FinishAsync(AttemptOutcome.FailedPermanently, failure.Message, null);
            await context.Publish(new DeliveryAttemptFailedPermanently
            {
                MessageId = command.MessageId,
                TraceId = command.TraceId,
                Attempt = attempt,
                Error = failure.Message,
                FailedAt = failedAt,
            }, cancellationToken);
            logger.LogWarning("Attempt {Attempt} failed permanently: {Error:l}", attempt, failure.Message);
            throw;
        }

        // Records how the attempt ended (a success together with the message's Delivered state) and when.
        async Task<DateTimeOffset> FinishAsync(AttemptOutcome outcome, string? error, string? providerMessageId)
        {
            var finishedAt = clock.GetUtcNow();
            await attempts.RecordAsync(new DeliveryAttempt
            {
                MessageId = command.MessageId,
                Attempt = attempt,
                Channel = command.Channel,
                StartedAt = startedAt,
                FinishedAt = finishedAt,
                Outcome = outcome,
                Error = error,
                ProviderMessageId = providerMessageId,
            }, cancellationToken);
            return finishedAt;
        }
    }
}
