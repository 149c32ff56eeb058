using System.Diagnostics;
using Aggregator.Contracts;
using Aggregator.Router.Deduplication;
using Aggregator.Router.Extensions;
using Aggregator.Router.Messages;
using Aggregator.ServiceDefaults.Logging;
using FluentValidation;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aggregator.Router.Apis;

public static class MessagesApi
{
    private const string RetryAfterSeconds = "5";

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/messages");
        api.MapPost("/", SubmitMessage)
            .Accepts<SubmitMessageRequest>("application/json");
        return app;
    }

    public static async Task<Results<Accepted<SubmitMessageResponse>, ValidationProblem, ProblemHttpResult>> SubmitMessage(
        SubmitMessageRequest request,
        IValidator<SubmitMessageRequest> validator,
        DuplicateGuard duplicates,
        IOptions<DeduplicationOptions> deduplication,
        IPublishEndpoint publisher,
        IOptions<RouterOptions> options,
        HttpContext http,
        ILogger<SubmitMessageRequest> logger)
    {
        var validation = await validator.ValidateAsync(request, http.RequestAborted);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(
                validation.ToDictionary().ToDictionary(e => ToCamelCase(e.Key), e => e.Value),
                title: "The message is not valid.");
        }

        ChannelNames.TryParse(request.Channel, out var channel);
        var messageId = NewId.NextGuid();
        var traceId = Activity.Current?.TraceId.ToHexString() ?? ActivityTraceId.CreateRandom().ToHexString();
        var recipient = ContentFingerprint.NormaliseRecipient(channel, request.Recipient!);
        var fingerprint = ContentFingerprint.Of(deduplication.Value.Scope, channel, recipient, request.Subject, request.Body!);

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["messageId"] = messageId });
        Guid? original;
        try
        {
            original = await duplicates.TryClaimAsync(fingerprint, messageId);
        }
        catch (RedisException exception)
        {
            logger.LogWarning(exception, "Redis unusable; message to {Recipient} refused", RecipientMask.Mask(recipient));
            return Unavailable(http, "The de-duplication store is unavailable.");
        }
        if (original is { } originalId)
        {
            logger.LogInformation("Duplicate of {OriginalMessageId} refused", originalId);
            return TypedResults.Problem(
                title: "Duplicate message.",
                detail: $"The same content was accepted as message {originalId} within the de-duplication window.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["messageId"] = originalId });
        }

        var submitted = new MessageSubmitted
        {
            MessageId = messageId,
            TraceId = traceId,
            Channel = channel,
            Recipient = recipient,
            Subject = request.Subject,
            Body = request.Body!,
            Metadata = request.Metadata is { ValueKind: System.Text.Json.JsonValueKind.Object } metadata
                ? metadata.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone())
                : null,
            SubmittedAt = DateTimeOffset.UtcNow,
        };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            timeout.CancelAfter(options.Value.PublishTimeout);
            await publisher.Publish(submitted, timeout.Token);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Publish not confirmed; message to {Recipient} refused", RecipientMask.Mask(recipient));
            await ReleaseQuietly(duplicates, fingerprint, messageId, logger);
            return Unavailable(http, "The message broker did not confirm the message; nothing was queued.");
        }

        logger.LogInformation("Accepted {Channel} message to {Recipient}", channel, RecipientMask.Mask(recipient));
        var statusUrl = options.Value.StatusBaseUrl.TrimEnd('/') + "/" + messageId;
        return TypedResults.Accepted(statusUrl, new SubmitMessageResponse(messageId, traceId, "accepted", statusUrl));
    }

    private static async Task ReleaseQuietly(DuplicateGuard duplicates, string fingerprint, Guid messageId, ILogger logger)
    {
        try
        {
            await duplicates.ReleaseAsync(fingerprint, messageId);
        }
        catch (RedisException exception)
        {
            // The key expires with the window; until then the client sees 409 naming an id that was never queued.
            logger.LogError(exception, "Could not release the de-duplication key of an unqueued message");
        }
    }

    private static ProblemHttpResult Unavailable(HttpContext http, string detail)
    {
        http.Response.Headers.RetryAfter = RetryAfterSeconds;
        return TypedResults.Problem(title: "Service unavailable.", detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static string ToCamelCase(string name) =>
        string.IsNullOrEmpty(name) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
