using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aggregator.Router.Deduplication;

/// <summary>
/// Claims a content fingerprint in Redis with one atomic <c>SET NX</c>, storing the claiming message's id so a later
/// duplicate can name the original. The claim is first <c>~id</c> (pending) for <c>Deduplication:PendingLifetime</c>, and
/// becomes <c>id</c> for the de-duplication window once the broker confirmed the message, so a Router that dies between
/// claim and publish blocks the content for seconds, never for the window. A claim whose publish had an unknown outcome
/// is marked <c>?id</c>: the same content sent again is then published again under that id instead of being refused.
/// </summary>
public sealed class DuplicateGuard(
    IConnectionMultiplexer redis,
    IOptions<RedisOptions> redisOptions,
    IOptions<DeduplicationOptions> options)
{
    private const string Pending = "~";
    private const string Unconfirmed = "?";

    /// <summary>Returns null when the claim succeeded (pending), otherwise the claim that holds the content.</summary>
    public async Task<ContentClaim?> TryClaimAsync(string fingerprint, Guid messageId)
    {
        var result = await redis.GetDatabase().StringSetAndGetAsync(
            Key(fingerprint), Pending + messageId, options.Value.PendingLifetime, when: When.NotExists);
        if (result.IsNull)
        {
            return null;
        }
        var value = result.ToString();
        var state = value.StartsWith(Pending, StringComparison.Ordinal) ? ClaimState.Pending
            : value.StartsWith(Unconfirmed, StringComparison.Ordinal) ? ClaimState.OutcomeUnknown
            : ClaimState.Confirmed;
        var id = state == ClaimState.Confirmed ? value : value[1..];
        return new ContentClaim(Guid.TryParse(id, out var holder) ? holder : Guid.Empty, state);
    }

    /// <summary>Gives our pending claim back, so a client may retry a message we could not queue.</summary>
    public async Task ReleaseAsync(string fingerprint, Guid messageId)
    {
        await redis.GetDatabase().CompareAndDeleteAsync(Key(fingerprint), Pending + messageId);
    }

    /// <summary>The broker confirmed <paramref name="messageId"/>: its pending claim holds the content for the window.</summary>
    public Task ConfirmAsync(string fingerprint, Guid messageId) =>
        redis.GetDatabase().CompareAndSetAsync(Key(fingerprint), Pending + messageId, messageId.ToString(), options.Value.Window);

    /// <summary>The publish of <paramref name="messageId"/> may or may not have reached a queue: kept for the window.</summary>
    public Task MarkUnconfirmedAsync(string fingerprint, Guid messageId) =>
        redis.GetDatabase().CompareAndSetAsync(Key(fingerprint), Pending + messageId, Unconfirmed + messageId, options.Value.Window);

    /// <summary>A later publish of <paramref name="messageId"/> was confirmed: the claim is a plain one again.</summary>
    public Task MarkConfirmedAsync(string fingerprint, Guid messageId) =>
        redis.GetDatabase().CompareAndSetAsync(Key(fingerprint), Unconfirmed + messageId, messageId.ToString());

    private RedisKey Key(string fingerprint) => $"{redisOptions.Value.KeyPrefix}dedupe:{fingerprint}";
}

/// <summary>Who holds a content fingerprint, and how far its publish got.</summary>
public sealed record ContentClaim(Guid MessageId, ClaimState State)
{
    public bool OutcomeUnknown => State == ClaimState.OutcomeUnknown;
}

public enum ClaimState
{
    /// <summary>Claimed; the publish has not been answered yet (or the Router died before it was).</summary>
    Pending,

    /// <summary>The broker confirmed the message.</summary>
    Confirmed,

    /// <summary>The broker did not answer in time: the message may or may not be queued.</summary>
    OutcomeUnknown,
}
