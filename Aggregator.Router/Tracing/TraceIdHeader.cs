using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Aggregator.Router.Tracing;

/// <summary>
/// Lets a client that does not speak W3C <c>traceparent</c> name its trace with <c>X-Trace-Id</c> (32 hex):
/// the request then continues that trace, so the 202, every log line and the published message carry it.
/// </summary>
public static partial class TraceIdHeader
{
    public const string Header = "X-Trace-Id";

    private static readonly ActivitySource Source = new("Aggregator.Router");

    public static IApplicationBuilder UseTraceIdHeader(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var given = http.Request.Headers[Header].ToString();
            if (http.Request.Headers.ContainsKey("traceparent") || !W3CTraceId().IsMatch(given) || given.All(c => c == '0'))
            {
                await next(http);
                return;
            }
            var parent = new ActivityContext(ActivityTraceId.CreateFromString(given), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
            using var activity = Source.StartActivity("router.request", ActivityKind.Server, parent)
                ?? new Activity("router.request").SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags).Start();
            await next(http);
        });

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex W3CTraceId();
}
