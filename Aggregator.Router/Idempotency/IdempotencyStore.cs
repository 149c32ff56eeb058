using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aggregator.Router.Deduplication;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aggregator.Router.Idempotency;

/// <summary>
/// Stripe-style idempotency in Redis. The first request with a key claims it atomically (<c>SET NX</c>) as
/// "pending" with the fingerprint of its payload, for a short lifetime; a success turns the claim into the stored
/// response, kept for the retention; an unknown outcome keeps the key, for the retention, naming the message id that
/// was tried; anything else gives the key back. A repeat then replays the response, tries that message id again, or
/// is told the first is still in flight, or that the key was used for another payload.
/// </summary>
public sealed class IdempotencyStore<TResponse>(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<IdempotencyOptions> options)
    where TResponse : class
{
    public async Task<IdempotencyClaim<TResponse>> ClaimAsync(string scope, string key, string fingerprint)
    {
        var db = redis.GetDatabase();
        var redisKey = Key(scope, key);
        var pending = new IdempotencyRecord<TResponse>(fingerprint, null);
        var pendingValue = JsonSerializer.Serialize(pending);
        // Two tries: the key may expire between a failed claim and the read that follows it.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (await db.StringSetAsync(redisKey, pendingValue, options.Value.PendingLifetime, When.NotExists))
            {
                return new IdempotencyClaim<TResponse>(IdempotencyState.Claimed, redisKey, pendingValue, pending);
            }
            var existing = await db.StringGetAsync(redisKey);
            if (existing.IsNull)
            {
                continue;
            }
            var record = JsonSerializer.Deserialize<IdempotencyRecord<TResponse>>(existing.ToString())!;
            var state = record.Fingerprint != fingerprint ? IdempotencyState.Mismatch
                : record.Response is not null ? IdempotencyState.Replay
                : record.UnknownOutcomeOf is not null ? IdempotencyState.UnknownOutcome
                : IdempotencyState.InFlight;
            return new IdempotencyClaim<TResponse>(state, redisKey, existing.ToString(), record);
        }
        return new IdempotencyClaim<TResponse>(IdempotencyState.InFlight, redisKey, "", pending);
    }

    public Task CompleteAsync(IdempotencyClaim<TResponse> claim, TResponse response) =>
        redis.GetDatabase().StringSetAsync(
            claim.RedisKey, JsonSerializer.Serialize(claim.Record with { Response = response, UnknownOutcomeOf = null }), options.Value.Retention, When.Exists);

    /// <summary>Keeps the key, while it still holds this claim, as the unknown outcome of <paramref name="messageId"/>.</summary>
    public Task RecordUnknownOutcomeAsync(IdempotencyClaim<TResponse> claim, Guid messageId) =>
        redis.GetDatabase().CompareAndSetAsync(
            claim.RedisKey, claim.Value, JsonSerializer.Serialize(claim.Record with { UnknownOutcomeOf = messageId }), options.Value.Retention);

    /// <summary>Gives the key back while it is still our pending claim, so the client can try again.</summary>
    public Task ReleaseAsync(IdempotencyClaim<TResponse> claim) => redis.GetDatabase().CompareAndDeleteAsync(claim.RedisKey, claim.Value);

    private RedisKey Key(string scope, string key) =>
        $"{redisOptions.Value.KeyPrefix}idem:{scope}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))}";
}

public enum IdempotencyState
{
    Claimed,
    Replay,
    InFlight,
    Mismatch,

    /// <summary>An earlier request with this key and payload could not tell whether its message was queued.</summary>
    UnknownOutcome,
}

/// <summary>What claiming a key found; <see cref="Value"/> is the stored text, for compare-and-delete.</summary>
public sealed record IdempotencyClaim<TResponse>(IdempotencyState State, RedisKey RedisKey, string Value, IdempotencyRecord<TResponse> Record)
    where TResponse : class;

public sealed record IdempotencyRecord<TResponse>(string Fingerprint, TResponse? Response, Guid? UnknownOutcomeOf = null)
    where TResponse : class;
