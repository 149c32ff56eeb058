using System.Threading.RateLimiting;
using Aggregator.ServiceDefaults;
using Aggregator.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace Aggregator.Router.Security;

/// <summary>Each client's token bucket: by API key name where keys are configured, by address otherwise.</summary>
public static class RateLimitingExtensions
{
    public const string SubmitPolicy = "submit";

    public static IHostApplicationBuilder AddSubmitRateLimit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.Section);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(SubmitPolicy, http =>
            {
                var options = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                if (!options.Enabled)
                {
                    return RateLimitPartition.GetNoLimiter("off");
                }
                var caller = http.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : null;
                var partition = caller is null or ApiKeyAuthenticationHandler.Anonymous ? $"address:{http.Connection.RemoteIpAddress}" : $"key:{caller}";
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await TypedResults.Problem(
                    title: "Too many requests.",
                    detail: $"This client's rate limit is used up; try again in {retryAfter} s.",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
            };
        });
        return builder;
    }

    /// <summary>Holds each client to its token bucket; beyond it 429 with <c>Retry-After</c>.</summary>
    public static RouteGroupBuilder RequireSubmitRateLimit(this RouteGroupBuilder group) =>
        group.RequireRateLimiting(SubmitPolicy).ProducesProblem(StatusCodes.Status429TooManyRequests);
}
