using StackExchange.Redis;

namespace Aggregator.Router.Deduplication;

/// <summary>
/// Replaces a key's value only while it still holds the expected one, in one atomic step, so a claim is never
/// rewritten after it lapsed and another request took the key. With no expiry given, the key keeps its time to live.
/// </summary>
public static class RedisCompareAndSet
{
    private const string Script = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        if ARGV[3] == '' then
            redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
        else
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        end
        return 1
        """;

    public static async Task<bool> CompareAndSetAsync(this IDatabase db, RedisKey key, string expected, string replacement, TimeSpan? expiry = null) =>
        (bool)await db.ScriptEvaluateAsync(Script, [key],
            [expected, replacement, expiry is { } ttl ? (long)ttl.TotalMilliseconds : RedisValue.EmptyString]);
}
