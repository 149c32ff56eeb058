using Aggregator.Contracts;
using Aggregator.Router.Deduplication;
using StackExchange.Redis;

namespace Aggregator.Tests.Infrastructure;

/// <summary>Reads the run's de-duplication keys straight from Redis.</summary>
public static class DeduplicationKeys
{
    /// <summary>What the key of this content, submitted by <paramref name="owner"/>, holds (<c>id</c>, or <c>?id</c> while the outcome is unknown), or null.</summary>
    public static async Task<string?> ValueAsync(MessageChannel channel, string recipient, string? subject, string body, string owner = "anonymous")
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        var value = await redis.GetDatabase().StringGetAsync(Key(channel, recipient, subject, body, owner));
        return value.IsNull ? null : value.ToString();
    }

    /// <summary>Writes the key of this content as a Router would have left it, e.g. <c>~id</c> when it died before publishing.</summary>
    public static async Task SetAsync(string value, TimeSpan expiry, MessageChannel channel, string recipient, string? subject, string body, string owner = "anonymous")
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        await redis.GetDatabase().StringSetAsync(Key(channel, recipient, subject, body, owner), value, expiry);
    }

    private static string Key(MessageChannel channel, string recipient, string? subject, string body, string owner) =>
        $"{TestRun.RedisKeyPrefix}dedupe:{ContentFingerprint.Of(DeduplicationScope.Content, owner, channel, recipient, subject, body)}";
}
