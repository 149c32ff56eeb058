using System.Diagnostics;
using Aggregator.Router.Deduplication;
using Aggregator.Router.Extensions;
using Aggregator.Router.Resilience;
using Aggregator.ServiceDefaults.Logging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aggregator.Router.Messages;

/// <summary>
/// Claims a valid message's content in the de-duplication window and publishes it with broker confirmation. A
/// refusal gives the claim back: nothing is left behind but a queued message.
/// </summary>
public sealed class MessageAcceptance(
    DuplicateGuard duplicates,
    MessagePublisher publisher,
    Dependencies dependencies,
    IOptions<DeduplicationOptions> deduplication,
    IOptions<RouterOptions> router,
    TimeProvider clock,
    ILogger<MessageAcceptance> logger)
{
    public async Task<SubmitOutcome> AcceptAsync(SubmitMessageRequest request)
    {
        var traceId = Activity.Current?.TraceId.ToHexString() ?? ActivityTraceId.CreateRandom().ToHexString();
        var message = SubmittedMessage.From(request, NewId.NextGuid(), traceId, clock.GetUtcNow());
        var fingerprint = ContentFingerprint.Of(deduplication.Value.Scope, message.Channel, message.Recipient, message.Subject, message.Body);
        var masked = RecipientMask.Mask(message.Recipient);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["messageId"] = message.MessageId, ["traceId"] = traceId });

        Guid? original;
        try
        {
            original = await dependencies.OnRedisAsync(() => duplicates.TryClaimAsync(fingerprint, message.MessageId));
        }
        catch (Exception exception) when (DependencyPipelines.IsUnavailable(exception))
        {
            logger.LogWarning(exception, "Redis unusable; {Channel} message to {Recipient:l} refused", message.Channel, masked);
            // The claim may have landed just before the timeout; a claim that is ours is given back.
            await ReleaseQuietly(fingerprint, message.MessageId);
            return new SubmitOutcome.Unavailable("The de-duplication store is unavailable; nothing was queued.", dependencies.RetryAfterSeconds(exception), null);
        }
        if (original is { } originalId)
        {
            logger.LogInformation("Duplicate of {OriginalMessageId} refused", originalId);
            return new SubmitOutcome.Duplicate(originalId);
        }

        var published = await publisher.PublishAsync(message);
        if (published.Outcome != PublishOutcome.Confirmed)
        {
            await ReleaseQuietly(fingerprint, message.MessageId);
            return new SubmitOutcome.Unavailable(published.Detail, published.RetryAfterSeconds, null);
        }
        logger.LogInformation("Accepted {Channel} message to {Recipient:l}", message.Channel, masked);
        var statusUrl = router.Value.StatusBaseUrl.TrimEnd('/') + "/" + message.MessageId;
        return new SubmitOutcome.Accepted(new SubmitMessageResponse(message.MessageId, traceId, "accepted", statusUrl));
    }

    private async Task ReleaseQuietly(string fingerprint, Guid messageId)
    {
        if (await dependencies.TryOnRedisAsync(() => duplicates.ReleaseAsync(fingerprint, messageId)) is { } failure)
        {
            // The key then expires with the window; until then the same content is refused as a duplicate of an unqueued id.
            logger.LogError(failure, "Could not release the de-duplication key of an unqueued message");
        }
    }
}
