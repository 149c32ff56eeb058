using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aggregator.Router.Deduplication;

/// <summary>
/// Claims a content fingerprint in Redis for the de-duplication window with one atomic <c>SET NX</c>,
/// storing the claiming message's id so a later duplicate can name the original.
/// </summary>
public sealed class DuplicateGuard(
    IConnectionMultiplexer redis,
    IOptions<RedisOptions> redisOptions,
    IOptions<DeduplicationOptions> options)
{
    /// <summary>Returns null when the claim succeeded, otherwise the id of the message that holds it.</summary>
    public async Task<Guid?> TryClaimAsync(string fingerprint, Guid messageId)
    {
        var db = redis.GetDatabase();
        var key = Key(fingerprint);
        var result = await db.StringSetAndGetAsync(key, messageId.ToString(), options.Value.Window, when: When.NotExists);
        if (result.IsNull)
        {
            return null;
        }
        return Guid.TryParse(result.ToString(), out var original) ? original : Guid.Empty;
    }

    /// <summary>Gives the claim back, but only if it is still ours, so a client may retry a message we could not queue.</summary>
    public async Task ReleaseAsync(string fingerprint, Guid messageId)
    {
        // A compare-and-delete: LockRelease deletes the key only while it still holds our value.
        await redis.GetDatabase().LockReleaseAsync(Key(fingerprint), messageId.ToString());
    }

    private RedisKey Key(string fingerprint) => $"{redisOptions.Value.KeyPrefix}dedupe:{fingerprint}";
}
