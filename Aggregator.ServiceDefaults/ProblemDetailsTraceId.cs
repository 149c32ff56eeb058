using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Aggregator.ServiceDefaults;

/// <summary>
/// Problem details carry the W3C trace id (32 hex) that logs and the 202 body use,
/// instead of ASP.NET Core's default full <c>traceparent</c> form.
/// </summary>
public static class ProblemDetailsTraceId
{
    public static void Apply(ProblemDetailsContext context)
    {
        var traceId = Activity.Current?.TraceId.ToHexString() ?? context.HttpContext.TraceIdentifier;
        context.ProblemDetails.Extensions["traceId"] = traceId;
    }
}
