using System.Diagnostics;
using Aggregator.Router.Deduplication;
using Aggregator.Router.Resilience;
using Aggregator.Contracts;
using Aggregator.ServiceDefaults.Logging;
using Aggregator.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aggregator.Router.Messages;

/// <summary>
/// Claims a valid message's content in the de-duplication window and publishes it with broker confirmation. A
/// definite refusal gives the claim back: nothing is left behind. When the outcome is unknown (no confirm in time),
/// the claim is kept and marked, and the same content sent again is published again under the same message id,
/// which the Delivery saga takes once: never a second message for one submission.
/// </summary>
public sealed class MessageAcceptance(
    DuplicateGuard duplicates,
    MessagePublisher publisher,
    DependencyCalls dependencies,
    IOptions<DeduplicationOptions> deduplication,
    IOptions<RouterOptions> router,
    TimeProvider clock,
    ILogger<MessageAcceptance> logger)
{
    /// <param name="request">A valid request.</param>
    /// <param name="caller">Whose message it is: its content is a duplicate only of the same caller's messages.</param>
    /// <param name="unknownOutcomeOf">The message id this same request (by its <c>Idempotency-Key</c>) tried before without learning the outcome, or null.</param>
    /// <param name="sink">Where the claimed message goes: the broker at once (null), or a batch's envelope.</param>
    public async Task<SubmitOutcome> AcceptAsync(SubmitMessageRequest request, string caller, Guid? unknownOutcomeOf, ISubmissionSink? sink = null)
    {
        var traceId = Activity.Current?.TraceId.ToHexString() ?? ActivityTraceId.CreateRandom().ToHexString();
        using var trace = logger.BeginScope(new Dictionary<string, object> { ["traceId"] = traceId });
        var message = SubmittedMessage.From(request, caller, unknownOutcomeOf ?? NewId.NextGuid(), traceId, clock.GetUtcNow());
        var fingerprint = FingerprintOf(message);
        var masked = RecipientMask.Mask(message.Recipient);

        ContentClaim? holder;
        try
        {
            holder = await dependencies.OnRedisAsync(() => duplicates.TryClaimAsync(fingerprint, message.MessageId));
        }
        catch (Exception exception) when (DependencyPipelines.IsUnavailable(exception))
        {
            logger.LogWarning(exception, "Redis unusable; {Channel} message to {Recipient:l} refused", message.Channel, masked);
            if (unknownOutcomeOf is not null)
            {
                return new SubmitOutcome.Unavailable(UnknownOutcome(message.MessageId), dependencies.RetryAfterSeconds(exception), message.MessageId);
            }
            // The claim may have landed just before the timeout; a claim that is ours is given back.
            await ReleaseQuietly(fingerprint, message.MessageId);
            return new SubmitOutcome.Unavailable("The de-duplication store is unavailable; nothing was queued.", dependencies.RetryAfterSeconds(exception), null);
        }
        if (unknownOutcomeOf is null && holder is { OutcomeUnknown: false })
        {
            logger.LogInformation("Duplicate of {OriginalMessageId} refused ({State})", holder.MessageId, holder.State);
            return holder.State == ClaimState.Pending
                ? new SubmitOutcome.Duplicate(holder.MessageId, (int)Math.Ceiling(deduplication.Value.PendingLifetime.TotalSeconds))
                : new SubmitOutcome.Duplicate(holder.MessageId);
        }
        if (unknownOutcomeOf is null && holder is not null)
        {
            message = message with { MessageId = holder.MessageId };
        }
        // An earlier publish under this id may have reached a queue: whatever happens now, the claim must keep naming it.
        var tried = unknownOutcomeOf is not null || holder is not null;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["messageId"] = message.MessageId });

        var published = await (sink ?? publisher).PublishAsync(message);
        if (published.Outcome == PublishOutcome.Refused && !tried)
        {
            await ReleaseQuietly(fingerprint, message.MessageId);
            return new SubmitOutcome.Unavailable(published.Refusal!, published.RetryAfterSeconds, null);
        }
        if (published.Outcome != PublishOutcome.Confirmed)
        {
            await MarkQuietly(() => duplicates.MarkUnconfirmedAsync(fingerprint, message.MessageId));
            return new SubmitOutcome.Unavailable(UnknownOutcome(message.MessageId), published.RetryAfterSeconds, message.MessageId);
        }
        await MarkQuietly(() => tried
            ? duplicates.MarkConfirmedAsync(fingerprint, message.MessageId)
            : duplicates.ConfirmAsync(fingerprint, message.MessageId));
        logger.LogInformation("Accepted {Channel} message to {Recipient:l}", message.Channel, masked);
        var statusUrl = router.Value.StatusBaseUrl.TrimEnd('/') + "/" + message.MessageId;
        return new SubmitOutcome.Accepted(new SubmitMessageResponse(message.MessageId, traceId, "accepted", statusUrl));
    }

    /// <summary>The de-duplication fingerprint of a valid request: two requests with the same one are the same content.</summary>
    public string FingerprintOf(SubmitMessageRequest request, string caller)
    {
        MessageChannels.TryParse(request.Channel, out var channel);
        return ContentFingerprint.Of(deduplication.Value.Scope, caller, channel, MessageChannels.NormaliseRecipient(channel, request.Recipient!), request.Subject, request.Body!);
    }

    private string FingerprintOf(MessageSubmitted message) =>
        ContentFingerprint.Of(deduplication.Value.Scope, message.SubmittedBy!, message.Channel, message.Recipient, message.Subject, message.Body);

    private static string UnknownOutcome(Guid messageId) =>
        $"The message broker did not confirm message {messageId} in time, so whether it was queued is not known. " +
        "Send the same request again: it is then accepted under this messageId, never as a second message.";

    private async Task ReleaseQuietly(string fingerprint, Guid messageId)
    {
        if (await dependencies.TryOnRedisAsync(() => duplicates.ReleaseAsync(fingerprint, messageId)) is { } failure)
        {
            // The key then expires with the window; until then the same content is refused as a duplicate of an unqueued id.
            logger.LogError(failure, "Could not release the de-duplication key of an unqueued message");
        }
    }

    private async Task MarkQuietly(Func<Task> mark)
    {
        if (await dependencies.TryOnRedisAsync(mark) is { } failure)
        {
            // A pending claim then lapses after Deduplication:PendingLifetime (the same content is accepted again after
            // it, at worst a duplicate after a Redis outage, never a loss); a confirmed claim left marked is published
            // again, harmlessly.
            logger.LogError(failure, "Could not confirm or mark the de-duplication key of this message");
        }
    }
}
