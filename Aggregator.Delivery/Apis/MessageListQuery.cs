using Aggregator.Contracts;
using Aggregator.Delivery.StateMachines;
using Aggregator.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;
using Aggregator.ServiceDefaults.Messaging;

namespace Aggregator.Delivery.Apis;

/// <summary>The filters of <c>GET /api/v1/messages</c>, read and checked; <see cref="Errors"/> names each bad one.</summary>
public sealed class MessageListQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>Every state a message can be in, in lifecycle order.</summary>
    public static readonly IReadOnlyList<string> States =
    [
        nameof(MessageStateMachine.Scheduled), nameof(MessageStateMachine.Accepted), nameof(MessageStateMachine.Processing),
        nameof(MessageStateMachine.Retrying), nameof(MessageStateMachine.Delivered), nameof(MessageStateMachine.Failed),
        nameof(MessageStateMachine.Expired), nameof(MessageStateMachine.Cancelled),
    ];

    public string? State { get; private init; }

    public MessageChannel? Channel { get; private init; }

    public DateTimeOffset? Since { get; private init; }

    public DateTimeOffset? Until { get; private init; }

    public int Limit { get; private init; } = DefaultLimit;

    public MessageCursor? After { get; private init; }

    /// <summary>Only the messages the sweeper found stuck and could not send on.</summary>
    public bool StuckOnly { get; private init; }

    public Dictionary<string, string[]> Errors { get; } = [];

    public static MessageListQuery Read(string? state, string? channel, string? since, string? until, string? limit, string? cursor, string? stuck = null)
    {
        var errors = new Dictionary<string, string[]>();
        var knownState = QueryParameters.OneOf(state, States, "state", errors);
        MessageChannel? knownChannel = null;
        if (!string.IsNullOrEmpty(channel))
        {
            if (MessageChannels.TryParse(channel, out var parsed))
            {
                knownChannel = parsed;
            }
            else
            {
                errors["channel"] = [$"channel must be one of {MessageChannels.Names}."];
            }
        }
        var sinceTime = QueryParameters.Time(since, "since", errors);
        var untilTime = QueryParameters.Time(until, "until", errors);
        if (sinceTime > untilTime)
        {
            errors["until"] = ["until must not be before since."];
        }
        var size = QueryParameters.Limit(limit, DefaultLimit, MaxLimit, errors);
        MessageCursor? after = null;
        if (!string.IsNullOrEmpty(cursor) && !MessageCursor.TryDecode(cursor, out after))
        {
            errors["cursor"] = ["cursor is not one this API handed out."];
        }

        var stuckOnly = QueryParameters.OneOf(stuck, ["true", "false"], "stuck", errors) == "true";

        var query = new MessageListQuery
        {
            StuckOnly = stuckOnly,
            State = knownState,
            Channel = knownChannel,
            Since = sinceTime,
            Until = untilTime,
            Limit = size,
            After = after,
        };
        foreach (var (field, messages) in errors)
        {
            query.Errors[field] = messages;
        }
        return query;
    }

    /// <summary>
    /// The page as one index range scan: filters, then (createdAt, messageId) descending after the cursor,
    /// one row more than the limit to tell whether another page follows.
    /// </summary>
    public IQueryable<MessageState> Apply(IQueryable<MessageState> messages)
    {
        messages = Filter(messages);
        if (After is { } after)
        {
            // A row-value comparison, (created_at, message_id) < (x, y), is one range of the index; the OR form is not.
            messages = messages.Where(m => EF.Functions.LessThan(
                ValueTuple.Create(m.CreatedAt, m.CorrelationId), ValueTuple.Create(after.CreatedAt, after.MessageId)));
        }
        return messages
            .OrderByDescending(m => m.CreatedAt)
            .ThenByDescending(m => m.CorrelationId)
            .Take(Limit + 1);
    }

    /// <summary>The filters alone (state, stuck, channel, time), without order or page.</summary>
    public IQueryable<MessageState> Filter(IQueryable<MessageState> messages)
    {
        if (State is { } state)
        {
            messages = messages.Where(m => m.CurrentState == state);
        }
        if (StuckOnly)
        {
            messages = messages.Where(m => m.StuckSince != null);
        }
        if (Channel is { } channel)
        {
            messages = messages.Where(m => m.Channel == channel);
        }
        if (Since is { } since)
        {
            messages = messages.Where(m => m.CreatedAt >= since);
        }
        if (Until is { } until)
        {
            messages = messages.Where(m => m.CreatedAt < until);
        }
        return messages;
    }
}
