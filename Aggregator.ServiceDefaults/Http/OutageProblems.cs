using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.ServiceDefaults.Http;

/// <summary>
/// A request that fails because a server the service depends on is away is answered 503 with <c>Retry-After</c>,
/// never 500: each service says which failures mean that (<see cref="AddOutageProblems"/>).
/// </summary>
public static class OutageProblems
{
    public static IServiceCollection AddOutageProblems(this IServiceCollection services, string dependency, Func<Exception, bool> isOutage) =>
        services.AddSingleton<IExceptionHandler>(provider => new Handler(dependency, isOutage, provider.GetRequiredService<IProblemDetailsService>(),
                provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OutageProblems))));

    private sealed class Handler(string dependency, Func<Exception, bool> isOutage, IProblemDetailsService problems, ILogger logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
        {
            if (!isOutage(exception))
            {
                return false;
            }
            logger.LogWarning("{Method} {Path} answered 503: {Dependency} is unavailable ({Reason:l})",
                http.Request.Method, http.Request.Path, dependency, exception.GetBaseException().Message);
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "5";
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = exception,
                ProblemDetails =
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = $"{dependency} is unavailable.",
                    Detail = "Nothing was changed; try again shortly.",
                },
            });
        }
    }
}
