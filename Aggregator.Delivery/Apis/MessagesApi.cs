using System.Security.Claims;
using Aggregator.Contracts;
using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Data;
using Aggregator.Delivery.Receipts;
using Aggregator.Delivery.StateMachines;
using Aggregator.Delivery.StatusEvents;
using Aggregator.ServiceDefaults.OpenApi;
using Aggregator.ServiceDefaults.Security;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.Apis;

public static class MessagesApi
{
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/messages")
            .WithTags("Messages")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithResponseExample(StatusCodes.Status404NotFound, SupportExamples.NotFound)
            .WithResponseExample(StatusCodes.Status503ServiceUnavailable, SupportExamples.Unavailable);
        // A submit key reads its own messages (others are 404, as if unknown); support reads them all.
        api.MapGet("/", ListMessages).RequireRole(Roles.Submit, Roles.Support)
            .WithSummary("List messages, newest first")
            .WithDescription(
                "Filters by state (Scheduled, Accepted, Processing, Retrying, Delivered, Failed, Expired, Cancelled), channel " +
                "(email, sms, whatsapp), since and until (RFC 3339, on the time the message was accepted) and stuck=true (only messages " +
                "the service found stuck and could not drive on). limit is 1 to 200 (default 50); when more messages match, nextCursor " +
                "is set: pass it as cursor for the next page. A submit key lists only its own messages. Recipients are masked. " +
                "200: a page of messages. 400: a filter is not valid (problem details with errors). 503: the database is unusable; try again shortly.")
            .WithResponseExample(StatusCodes.Status200OK, SupportExamples.Page)
            .WithResponseExample(StatusCodes.Status400BadRequest, SupportExamples.InvalidFilters);
        api.MapGet("/{messageId:guid}", GetMessage).RequireRole(Roles.Submit, Roles.Support)
            .WithSummary("Get a message and its delivery attempts")
            .WithDescription(
                "The message's state, its attempts so far with the provider that took each and the provider's own message id, and " +
                "providerStatus, the latest delivery receipt (sent, delivered, read, undelivered, failed) where the provider sends receipts. " +
                "200: the message, recipient masked. 404: no such message, or one a submit key did not send. 503: the database is unusable; try again shortly.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(StatusCodes.Status200OK, SupportExamples.Message);
        api.MapPost("/{messageId:guid}/redrive", RedriveMessage).RequireRole(Roles.Redrive)
            .WithSummary("Send a failed message again")
            .WithDescription(
                "Starts a fresh cycle of delivery attempts for a Failed message. " +
                "202: the redrive is requested and a new attempt will follow; follow it at statusUrl. 404: no such message. " +
                "409: the message is not Failed (the problem names its state), or nothing of it was kept to send again. " +
                "503: the database is unusable; nothing was changed.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithResponseExample(StatusCodes.Status202Accepted, SupportExamples.Redriven)
            .WithResponseExample(StatusCodes.Status409Conflict, SupportExamples.NotRedrivable);
        api.MapGet("/counts", CountMessages).RequireRole(Roles.Submit, Roles.Support)
            .WithSummary("Count messages by state")
            .WithDescription(
                "How many messages are in each state (every state named, 0 where none), with the list's channel, since and until " +
                "filters. A submit key counts only its own messages. 200: the counts. 400: a filter is not valid. 503: the database is unusable.")
            .WithResponseExample(StatusCodes.Status200OK, SupportExamples.Counts);
        // A submit key cancels its own messages (others are 404); a redrive key any.
        api.MapDelete("/{messageId:guid}", CancelMessage).RequireRole(Roles.Submit, Roles.Redrive)
            .WithSummary("Cancel a message that is not yet being sent")
            .WithDescription(
                "Cancels a Scheduled, Accepted or Retrying message: nothing more is sent for it. A submit key cancels only its own messages. " +
                "202: the message is Cancelled. 404: no such message, or one a submit key did not send. " +
                "409: the message is past the point of cancelling (Processing, Delivered, Failed, Expired or already Cancelled; the problem names its state). " +
                "503: the database is unusable; nothing was changed.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithResponseExample(StatusCodes.Status202Accepted, SupportExamples.Cancelled)
            .WithResponseExample(StatusCodes.Status409Conflict, SupportExamples.NotCancellable);
        return app;
    }

    public static async Task<Results<Ok<MessageView>, ProblemHttpResult>> GetMessage(
        Guid messageId, ClaimsPrincipal caller, DeliveryDbContext db, AttemptLog attempts, ReceiptBook receipts, CancellationToken cancellationToken)
    {
        var message = await db.Messages.AsNoTracking().VisibleTo(caller).SingleOrDefaultAsync(m => m.CorrelationId == messageId, cancellationToken);
        if (message is null)
        {
            return NotFound(messageId);
        }
        var history = await attempts.HistoryAsync(messageId, cancellationToken);
        var providerMessageIds = history.Select(a => a.ProviderMessageId).OfType<string>().ToList();
        var statuses = providerMessageIds.Count == 0 ? null : await receipts.StatusesAsync(providerMessageIds, cancellationToken);
        var audit = await db.Audit.AsNoTracking().Where(e => e.MessageId == messageId).OrderBy(e => e.At).ToListAsync(cancellationToken);
        return TypedResults.Ok(MessageView.From(message, history, statuses, audit));
    }

    /// <summary>Newest first, keyset-paginated on (createdAt, messageId) so every page is one index range scan.</summary>
    public static async Task<Results<Ok<MessagePage>, ValidationProblem>> ListMessages(
        ClaimsPrincipal caller,
        DeliveryDbContext db,
        CancellationToken cancellationToken,
        string? state = null,
        string? channel = null,
        string? since = null,
        string? until = null,
        string? limit = null,
        string? cursor = null,
        string? stuck = null)
    {
        var query = MessageListQuery.Read(state, channel, since, until, limit, cursor, stuck);
        if (query.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(query.Errors, title: "The filters are not valid.");
        }

        var page = await query.Apply(db.Messages.AsNoTracking().VisibleTo(caller)).ToListAsync(cancellationToken);

        var items = page.Take(query.Limit).Select(m => MessageView.From(m, null)).ToList();
        var nextCursor = page.Count > query.Limit ? new MessageCursor(page[query.Limit - 1].CreatedAt, page[query.Limit - 1].CorrelationId).Encode() : null;
        return TypedResults.Ok(new MessagePage(items, nextCursor));
    }

    /// <summary>
    /// How many messages are in each state (every state named, 0 where none), under the list's channel and time filters:
    /// one <c>GROUP BY state</c> over the index on (state, created_at, message_id).
    /// </summary>
    public static async Task<Results<Ok<Dictionary<string, int>>, ValidationProblem>> CountMessages(
        ClaimsPrincipal caller,
        DeliveryDbContext db,
        CancellationToken cancellationToken,
        string? channel = null,
        string? since = null,
        string? until = null)
    {
        var query = MessageListQuery.Read(null, channel, since, until, null, null);
        if (query.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(query.Errors, title: "The filters are not valid.");
        }

        var counted = await query.Filter(db.Messages.AsNoTracking().VisibleTo(caller))
            .GroupBy(m => m.CurrentState)
            .Select(g => new { State = g.Key, Count = g.Count() })
            .ToDictionaryAsync(c => c.State, c => c.Count, cancellationToken);
        return TypedResults.Ok(MessageListQuery.States.ToDictionary(state => state, state => counted.GetValueOrDefault(state)));
    }

    /// <summary>A fresh cycle of attempts for a Failed message; the saga checks the state again when it takes the request.</summary>
    public static async Task<Results<Accepted<RedriveAccepted>, ProblemHttpResult>> RedriveMessage(
        Guid messageId, DeliveryDbContext db, IPublishEndpoint publisher, HttpContext http, CancellationToken cancellationToken)
    {
        var message = await db.Messages.AsNoTracking().SingleOrDefaultAsync(m => m.CorrelationId == messageId, cancellationToken);
        if (message is null)
        {
            return NotFound(messageId);
        }
        if (message.CurrentState != nameof(MessageStateMachine.Failed))
        {
            return TypedResults.Problem(
                title: "Only a Failed message can be redriven.",
                detail: $"Message {messageId} is {message.CurrentState}.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["state"] = message.CurrentState });
        }
        if (!await db.DeliveryCommands.AnyAsync(c => c.MessageId == messageId, cancellationToken))
        {
            return TypedResults.Problem(
                title: "Nothing is kept to send again.",
                detail: $"Message {messageId} failed before its command was kept; it cannot be redriven.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["state"] = message.CurrentState });
        }
        var redrive = new RedriveMessage { MessageId = messageId, RequestedAt = DateTimeOffset.UtcNow, RequestedBy = http.User.Identity?.Name };
        if (message.Priority == MessagePriority.High)
        {
            var lane = await http.RequestServices.GetRequiredService<ISendEndpointProvider>().GetSendEndpoint(MessageLanes.SagaHighAddress);
            await lane.Send(redrive, cancellationToken);
        }
        else
        {
            await publisher.Publish(redrive, cancellationToken);
        }
        var statusUrl = $"{http.Request.Scheme}://{http.Request.Host}/api/v1/messages/{messageId}";
        return TypedResults.Accepted(statusUrl, new RedriveAccepted(messageId, "redrive-requested", statusUrl));
    }

    /// <summary>
    /// Scheduled, Accepted or Retrying → Cancelled: decided under the message's row lock, so an attempt either began
    /// before (409, Processing) or never will; whatever copy of its command is still queued or scheduled is dropped when it arrives.
    /// </summary>
    public static async Task<Results<Accepted<CancelAccepted>, ProblemHttpResult>> CancelMessage(
        Guid messageId, MessageCancellation cancellation, StateChangeLog changes, StatusEventPublisher statusEvents, IPublishEndpoint publisher, HttpContext http,
        CancellationToken cancellationToken)
    {
        var by = http.User.Identity?.Name ?? "unknown";
        var (message, cancelled) = await cancellation.CancelAsync(messageId, messages => messages.VisibleTo(http.User), by, DateTimeOffset.UtcNow, cancellationToken);
        if (message is null)
        {
            return NotFound(messageId);
        }
        if (!cancelled)
        {
            return TypedResults.Problem(
                title: "Only a Scheduled, Accepted or Retrying message can be cancelled.",
                detail: $"Message {messageId} is {message.CurrentState}.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["state"] = message.CurrentState });
        }
        changes.Cancelled(message.Channel);
        // After the commit: the cancel stands even if this publish is lost (a crash in between); the event is then not sent.
        await statusEvents.PublishAsync(publisher, StatusEventPublisher.Of(message), CancellationToken.None);
        var statusUrl = $"{http.Request.Scheme}://{http.Request.Host}/api/v1/messages/{messageId}";
        return TypedResults.Accepted(statusUrl, new CancelAccepted(messageId, message.CurrentState, statusUrl));
    }

    private static ProblemHttpResult NotFound(Guid messageId) => TypedResults.Problem(
        title: "Message not found.",
        detail: $"No message with id {messageId} is known.",
        statusCode: StatusCodes.Status404NotFound);
}

public sealed record MessagePage(IReadOnlyList<MessageView> Items, string? NextCursor);

public sealed record RedriveAccepted(Guid MessageId, string Status, string StatusUrl);

public sealed record CancelAccepted(Guid MessageId, string State, string StatusUrl);
