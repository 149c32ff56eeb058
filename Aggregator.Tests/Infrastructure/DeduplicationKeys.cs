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
        var fingerprint = ContentFingerprint.Of(DeduplicationScope.Content, owner, channel, recipient, subject, body);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        var value = await redis.GetDatabase().StringGetAsync($"{TestRun.RedisKeyPrefix}dedupe:{fingerprint}");
        return value.IsNull ? null : value.ToString();
    }
}
