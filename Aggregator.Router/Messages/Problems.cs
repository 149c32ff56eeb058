using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregator.Router.Messages;

/// <summary>The Router's recurring RFC 9457 answers.</summary>
public static class Problems
{
    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The message is not valid.");

    /// <summary>503 with <c>Retry-After</c>: a dependency is unusable, and nothing was queued.</summary>
    public static ProblemHttpResult Unavailable(HttpContext http, string detail, int retryAfterSeconds)
    {
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(title: "Service unavailable.", detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
