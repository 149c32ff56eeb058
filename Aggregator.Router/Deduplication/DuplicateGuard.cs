using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aggregator.Router.Deduplication;

/// <summary>
/// Claims a content fingerprint in Redis for the de-duplication window with one atomic <c>SET NX</c>, storing the
/// claiming message's id so a later duplicate can name the original. A claim whose publish had an unknown outcome is
/// marked <c>?id</c> (only then, so the usual request costs one command): the same content sent again is then
/// published again under that id instead of being refused.
/// </summary>
public sealed class DuplicateGuard(
    IConnectionMultiplexer redis,
    IOptions<RedisOptions> redisOptions,
    IOptions<DeduplicationOptions> options)
{
    private const string Unconfirmed = "?";

    /// <summary>Returns null when the claim succeeded, otherwise the claim that holds the content.</summary>
    public async Task<ContentClaim?> TryClaimAsync(string fingerprint, Guid messageId)
    {
        var result = await redis.GetDatabase().StringSetAndGetAsync(Key(fingerprint), messageId.ToString(), options.Value.Window, when: When.NotExists);
        if (result.IsNull)
        {
            return null;
        }
        var value = result.ToString();
        var unknown = value.StartsWith(Unconfirmed, StringComparison.Ordinal);
        return new ContentClaim(Guid.TryParse(unknown ? value[Unconfirmed.Length..] : value, out var holder) ? holder : Guid.Empty, unknown);
    }

    /// <summary>Gives the claim back, but only if it is still ours, so a client may retry a message we could not queue.</summary>
    public async Task ReleaseAsync(string fingerprint, Guid messageId)
    {
        await redis.GetDatabase().CompareAndDeleteAsync(Key(fingerprint), messageId.ToString());
    }

    /// <summary>The publish of <paramref name="messageId"/> may or may not have reached a queue.</summary>
    public Task MarkUnconfirmedAsync(string fingerprint, Guid messageId) =>
        redis.GetDatabase().CompareAndSetAsync(Key(fingerprint), messageId.ToString(), Unconfirmed + messageId);

    /// <summary>A later publish of <paramref name="messageId"/> was confirmed: the claim is a plain one again.</summary>
    public Task MarkConfirmedAsync(string fingerprint, Guid messageId) =>
        redis.GetDatabase().CompareAndSetAsync(Key(fingerprint), Unconfirmed + messageId, messageId.ToString());

    private RedisKey Key(string fingerprint) => $"{redisOptions.Value.KeyPrefix}dedupe:{fingerprint}";
}

/// <summary>Who holds a content fingerprint, and whether the outcome of that message's publish is unknown.</summary>
public sealed record ContentClaim(Guid MessageId, bool OutcomeUnknown);
