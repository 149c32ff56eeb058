using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aggregator.Router.Deduplication;
using Aggregator.Router.Messages;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aggregator.Router.Idempotency;

/// <summary>
/// Stripe-style idempotency in Redis. The first request with a key claims it atomically (<c>SET NX</c>) as
/// "pending" with the fingerprint of its payload, for a short lifetime; a 202 turns the claim into the stored
/// response, kept for the retention; anything else gives the key back. A repeat then replays the response, or is told the first is still in flight,
/// or that the key was used for another payload.
/// </summary>
public sealed class IdempotencyStore(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<IdempotencyOptions> options)
{
    public async Task<IdempotencyClaim> ClaimAsync(string scope, string key, string fingerprint)
    {
        var db = redis.GetDatabase();
        var redisKey = Key(scope, key);
        var pending = JsonSerializer.Serialize(new IdempotencyRecord(fingerprint, null));
        // Two tries: the key may expire between a failed claim and the read that follows it.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (await db.StringSetAsync(redisKey, pending, options.Value.PendingLifetime, When.NotExists))
            {
                return new IdempotencyClaim(IdempotencyState.Claimed, redisKey, pending, null);
            }
            var existing = await db.StringGetAsync(redisKey);
            if (existing.IsNull)
            {
                continue;
            }
            var record = JsonSerializer.Deserialize<IdempotencyRecord>(existing.ToString())!;
            var state = record.Fingerprint != fingerprint ? IdempotencyState.Mismatch
                : record.Response is null ? IdempotencyState.InFlight
                : IdempotencyState.Replay;
            return new IdempotencyClaim(state, redisKey, existing.ToString(), record.Response);
        }
        return new IdempotencyClaim(IdempotencyState.InFlight, redisKey, "", null);
    }

    public Task CompleteAsync(IdempotencyClaim claim, string fingerprint, SubmitMessageResponse response) =>
        redis.GetDatabase().StringSetAsync(
            claim.RedisKey, JsonSerializer.Serialize(new IdempotencyRecord(fingerprint, response)), options.Value.Retention, When.Exists);

    /// <summary>Gives the key back while it is still our pending claim, so the client can try again.</summary>
    public Task ReleaseAsync(IdempotencyClaim claim) => redis.GetDatabase().LockReleaseAsync(claim.RedisKey, claim.Value);

    /// <summary>The payload's fingerprint: content plus metadata, so a changed metadata is another payload.</summary>
    public static string Fingerprint(SubmitMessageRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            channel = request.Channel?.ToLowerInvariant(),
            request.Recipient,
            request.Subject,
            request.Body,
            metadata = request.Metadata?.GetRawText(),
        }))));

    private RedisKey Key(string scope, string key) =>
        $"{redisOptions.Value.KeyPrefix}idem:{scope}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))}";
}

public enum IdempotencyState
{
    Claimed,
    Replay,
    InFlight,
    Mismatch,
}

public sealed record IdempotencyClaim(IdempotencyState State, RedisKey RedisKey, string Value, SubmitMessageResponse? Response);

public sealed record IdempotencyRecord(string Fingerprint, SubmitMessageResponse? Response);
