using Aggregator.ServiceDefaults;

namespace Aggregator.Router.Security;

/// <summary>Holds each client to its token bucket (<see cref="SubmitRateLimiter"/>); beyond it 429 with <c>Retry-After</c>.</summary>
public static class RateLimitingExtensions
{
    public static IHostApplicationBuilder AddSubmitRateLimit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.Section);
        builder.Services.AddSingleton<SubmitRateLimiter>();
        return builder;
    }

    /// <summary>One permit per request, taken before the handler runs: for endpoints that take one message.</summary>
    public static RouteHandlerBuilder RequireOnePermit(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<SubmitRateLimiter>().TryTake(context.HttpContext, 1) is { } refused
                ? refused
                : await next(context))
        .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
