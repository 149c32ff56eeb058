using System.Globalization;
using System.Threading.RateLimiting;
using Aggregator.Router.Apis;
using Aggregator.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace Aggregator.Router.Security;

/// <summary>
/// Each client's token bucket (by API key name where keys are configured, by address otherwise), one permit per
/// message: a single submit takes one, a batch one per item. ASP.NET Core's rate-limiting middleware takes one permit
/// per request before the body is read, so it could not charge a batch for its size.
/// </summary>
public sealed class SubmitRateLimiter : IDisposable
{
    private readonly RateLimitOptions options;
    private readonly PartitionedRateLimiter<string> buckets;

    public SubmitRateLimiter(IOptions<RateLimitOptions> options)
    {
        this.options = options.Value;
        var settings = this.options;
        buckets = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.Burst,
            TokensPerPeriod = settings.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>
    /// Null when the client may send <paramref name="messages"/> messages now, else the 429 to answer. A batch larger
    /// than the whole bucket takes the whole bucket: it could never be let through otherwise.
    /// </summary>
    public StatusProblem<Status429TooManyRequests>? TryTake(HttpContext http, int messages)
    {
        if (!options.Enabled)
        {
            return null;
        }
        using var lease = buckets.AttemptAcquire(ClientOf(http), Math.Min(messages, options.Burst));
        if (lease.IsAcquired)
        {
            return null;
        }
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return new StatusProblem<Status429TooManyRequests>("Too many requests.", $"This client's rate limit is used up; try again in {retryAfter} s.");
    }

    private static string ClientOf(HttpContext http)
    {
        var caller = http.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : null;
        return caller is null or ApiKeyAuthenticationHandler.Anonymous ? $"address:{http.Connection.RemoteIpAddress}" : $"key:{caller}";
    }

    public void Dispose() => buckets.Dispose();
}
