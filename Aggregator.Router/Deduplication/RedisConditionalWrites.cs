using StackExchange.Redis;

namespace Aggregator.Router.Deduplication;

/// <summary>
/// Replaces or deletes a key's value only while it still holds the expected one, each in one atomic script (one round
/// trip), so a claim is never rewritten or given back after it lapsed and another request took the key. With no
/// expiry given, a replaced key keeps its time to live.
/// </summary>
public static class RedisConditionalWrites
{
    private const string SetScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        if ARGV[3] == '' then
            redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
        else
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        end
        return 1
        """;

    private const string DeleteScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    public static async Task<bool> CompareAndSetAsync(this IDatabase db, RedisKey key, string expected, string replacement, TimeSpan? expiry = null) =>
        (bool)await db.ScriptEvaluateAsync(SetScript, [key],
            [expected, replacement, expiry is { } ttl ? (long)ttl.TotalMilliseconds : RedisValue.EmptyString]);

    // StackExchange.Redis's LockRelease does the same with WATCH/MULTI/EXEC: three round trips instead of one.
    public static async Task<bool> CompareAndDeleteAsync(this IDatabase db, RedisKey key, string expected) =>
        (bool)await db.ScriptEvaluateAsync(DeleteScript, [key], [expected]);
}
