using System.Threading.RateLimiting;
using Aggregator.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Aggregator.Router.Security;

public static class SecurityExtensions
{
    public const string SubmitPolicy = "submit";

    public static IHostApplicationBuilder AddRouterSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ApiKeyOptions>(ApiKeyOptions.Section);
        builder.Services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.Section);
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(SubmitPolicy, http =>
            {
                var options = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                if (!options.Enabled)
                {
                    return RateLimitPartition.GetNoLimiter("off");
                }
                var caller = http.RequestServices.GetRequiredService<ApiKeys>().Caller(http);
                var partition = caller is null or "anonymous" ? $"address:{http.Connection.RemoteIpAddress}" : $"key:{caller}";
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

    /// <summary>Refuses a request without a valid <c>X-Api-Key</c> (401) while API keys are configured.</summary>
    public static RouteGroupBuilder RequireApiKey(this RouteGroupBuilder group) =>
        group.ProducesProblem(StatusCodes.Status401Unauthorized).AddEndpointFilter(async (context, next) =>
        {
            var keys = context.HttpContext.RequestServices.GetRequiredService<ApiKeys>();
            if (keys.Caller(context.HttpContext) is null)
            {
                context.HttpContext.Response.Headers.WWWAuthenticate = ApiKeys.Header;
                return TypedResults.Problem(
                    title: "Missing or unknown API key.",
                    detail: $"Send a valid key in the {ApiKeys.Header} header.",
                    statusCode: StatusCodes.Status401Unauthorized);
            }
            return await next(context);
        });
}
