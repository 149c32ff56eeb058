using System.Diagnostics;
using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.Router.Deduplication;
using Aggregator.Router.Extensions;
using Aggregator.Router.Idempotency;
using Aggregator.Router.Resilience;
using Aggregator.Router.Security;
using Aggregator.ServiceDefaults.Logging;
using FluentValidation;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aggregator.Router.Messages;

/// <summary>
/// Takes one message request from body to broker: read, validate, honour the <c>Idempotency-Key</c>, claim the
/// content in the de-duplication window, publish with broker confirmation, answer. Every refusal leaves nothing
/// behind: no queued message, no de-duplication key, no idempotency claim.
/// </summary>
public sealed class MessageIntake(
    IValidator<SubmitMessageRequest> validator,
    DuplicateGuard duplicates,
    IdempotencyStore idempotency,
    Dependencies dependencies,
    IPublishEndpoint publisher,
    ApiKeys apiKeys,
    IOptions<DeduplicationOptions> deduplication,
    IOptions<RouterOptions> router,
    IOptions<ResilienceOptions> resilience,
    IOptions<IdempotencyOptions> idempotencyOptions,
    TimeProvider clock,
    ILogger<MessageIntake> logger)
{
    public async Task<IResult> SubmitAsync(HttpContext http)
    {
        var reading = await SubmitMessageReader.ReadAsync(http.Request);
        if (reading.Errors is { } readErrors)
        {
            return Problems.Invalid(readErrors);
        }
        if (reading.Request is not { } request)
        {
            return TypedResults.Problem(title: reading.Title, detail: reading.Detail, statusCode: reading.Status);
        }
        var validation = await validator.ValidateAsync(request, http.RequestAborted);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.ToDictionary().ToDictionary(e => char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => e.Value));
        }

        var key = http.Request.Headers[IdempotencyKey.Header].ToString();
        if (!http.Request.Headers.ContainsKey(IdempotencyKey.Header))
        {
            return (await AcceptAsync(request, http)).Result;
        }
        if (!IdempotencyKey.IsValid(key))
        {
            return Problems.Invalid(new() { [IdempotencyKey.Header] = ["Idempotency-Key must be 1 to 255 printable ASCII characters."] });
        }
        return await AcceptOnceAsync(request, key, http);
    }

    private async Task<IResult> AcceptOnceAsync(SubmitMessageRequest request, string key, HttpContext http)
    {
        var fingerprint = IdempotencyStore.Fingerprint(request);
        IdempotencyClaim claim;
        try
        {
            claim = await dependencies.OnRedisAsync(() => idempotency.ClaimAsync(apiKeys.Caller(http) ?? "anonymous", key, fingerprint), http.RequestAborted);
        }
        catch (Exception exception) when (DependencyPipelines.IsUnavailable(exception))
        {
            logger.LogWarning(exception, "Redis unusable; idempotent request refused");
            return Problems.Unavailable(http, "The idempotency store is unavailable; nothing was queued.", RetryAfter(exception));
        }

        switch (claim.State)
        {
            case IdempotencyState.Replay:
                http.Response.Headers[IdempotencyKey.ReplayedHeader] = "true";
                return TypedResults.Accepted(claim.Response!.StatusUrl, claim.Response);
            case IdempotencyState.InFlight:
                http.Response.Headers.RetryAfter = idempotencyOptions.Value.InFlightRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(title: "The first request with this Idempotency-Key is still in flight.",
                    detail: "Retry after it has been answered.", statusCode: StatusCodes.Status409Conflict);
            case IdempotencyState.Mismatch:
                return TypedResults.Problem(title: "This Idempotency-Key was used for another payload.",
                    detail: "Use a new key for a different message.", statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        SubmitMessageResponse? accepted = null;
        try
        {
            (var result, accepted) = await AcceptAsync(request, http);
            return result;
        }
        finally
        {
            await SettleQuietly(claim, fingerprint, accepted);
        }
    }

    private async Task<(IResult Result, SubmitMessageResponse? Accepted)> AcceptAsync(SubmitMessageRequest request, HttpContext http)
    {
        ChannelNames.TryParse(request.Channel, out var channel);
        var messageId = NewId.NextGuid();
        var traceId = Activity.Current?.TraceId.ToHexString() ?? ActivityTraceId.CreateRandom().ToHexString();
        var recipient = ContentFingerprint.NormaliseRecipient(channel, request.Recipient!);
        var masked = RecipientMask.Mask(recipient);
        var fingerprint = ContentFingerprint.Of(deduplication.Value.Scope, channel, recipient, request.Subject, request.Body!);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["messageId"] = messageId, ["traceId"] = traceId });

        Guid? original;
        try
        {
            original = await dependencies.OnRedisAsync(() => duplicates.TryClaimAsync(fingerprint, messageId), http.RequestAborted);
        }
        catch (Exception exception) when (DependencyPipelines.IsUnavailable(exception))
        {
            logger.LogWarning(exception, "Redis unusable; {Channel} message to {Recipient:l} refused", channel, masked);
            // The claim may have landed just before the timeout; a claim that is ours is given back.
            await ReleaseQuietly(fingerprint, messageId);
            return (Problems.Unavailable(http, "The de-duplication store is unavailable; nothing was queued.", RetryAfter(exception)), null);
        }
        if (original is { } originalId)
        {
            logger.LogInformation("Duplicate of {OriginalMessageId} refused", originalId);
            return (TypedResults.Problem(
                title: "Duplicate message.",
                detail: $"The same content was accepted as message {originalId} within the de-duplication window.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["messageId"] = originalId }), null);
        }

        try
        {
            var submitted = Submitted(request, messageId, traceId, channel, recipient);
            await dependencies.OnBrokerAsync(token => publisher.Publish(submitted, Mandatory, token), http.RequestAborted);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Publish not confirmed; {Channel} message to {Recipient:l} refused", channel, masked);
            await ReleaseQuietly(fingerprint, messageId);
            var detail = exception is MessageReturnedException
                ? "No Delivery service has bound its queue to take the message yet; nothing was queued."
                : "The message broker did not confirm the message; nothing was queued.";
            return (Problems.Unavailable(http, detail, RetryAfter(exception)), null);
        }

        logger.LogInformation("Accepted {Channel} message to {Recipient:l}", channel, masked);
        var statusUrl = router.Value.StatusBaseUrl.TrimEnd('/') + "/" + messageId;
        var response = new SubmitMessageResponse(messageId, traceId, "accepted", statusUrl);
        return (TypedResults.Accepted(statusUrl, response), response);
    }

    /// <summary>
    /// RabbitMQ confirms a message that no queue is bound to receive and then drops it; as mandatory, it comes back
    /// instead, the publish fails, and the client hears 503 rather than a 202 for a message nobody will see.
    /// </summary>
    private static void Mandatory(PublishContext<MessageSubmitted> context)
    {
        if (context is RabbitMqSendContext rabbit)
        {
            rabbit.Mandatory = true;
        }
    }

    private MessageSubmitted Submitted(SubmitMessageRequest request, Guid messageId, string traceId, Channel channel, string recipient) => new()
    {
        MessageId = messageId,
        TraceId = traceId,
        Channel = channel,
        Recipient = recipient,
        Subject = request.Subject,
        Body = request.Body!,
        Metadata = request.Metadata is { ValueKind: JsonValueKind.Object } metadata
            ? metadata.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone())
            : null,
        SubmittedAt = clock.GetUtcNow(),
    };

    private int RetryAfter(Exception exception) =>
        exception is Polly.CircuitBreaker.BrokenCircuitException ? (int)Math.Ceiling(resilience.Value.BreakDuration.TotalSeconds) : 1;

    private async Task ReleaseQuietly(string fingerprint, Guid messageId)
    {
        try
        {
            await dependencies.OnRedisAsync(() => duplicates.ReleaseAsync(fingerprint, messageId), CancellationToken.None);
        }
        catch (Exception exception) when (DependencyPipelines.IsUnavailable(exception))
        {
            // The key then expires with the window; until then the same content is refused as a duplicate of an unqueued id.
            logger.LogError(exception, "Could not release the de-duplication key of an unqueued message");
        }
    }

    private async Task SettleQuietly(IdempotencyClaim claim, string fingerprint, SubmitMessageResponse? accepted)
    {
        try
        {
            await dependencies.OnRedisAsync(
                () => accepted is null ? idempotency.ReleaseAsync(claim) : idempotency.CompleteAsync(claim, fingerprint, accepted),
                CancellationToken.None);
        }
        catch (Exception exception) when (DependencyPipelines.IsUnavailable(exception))
        {
            // A pending claim expires after Idempotency:PendingLifetime; until then repeats of the key hear "still in flight".
            logger.LogError(exception, "Could not settle an idempotency key");
        }
    }
}
