using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.Logging.Ingestion;
using Aggregator.Logging.Storage;
using Aggregator.ServiceDefaults.Http;
using Aggregator.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Aggregator.Logging.Apis;

public static class LogsApi
{
    /// <summary>Far above a shipper's batch (500 lines), far below what would strain memory; the server answers 413 past it.</summary>
    public const long MaxBodyBytes = 4 * 1024 * 1024;

    private static readonly string[] Levels = ["Verbose", "Debug", "Information", "Warning", "Error", "Fatal"];

    public static IEndpointRouteBuilder MapLogsApi(this IEndpointRouteBuilder app)
    {
        var logs = app.MapGroup("/api/v1/logs");
        logs.MapPost("/", IngestLogs).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes)).RequireRole(Roles.LogsWrite);
        logs.MapGet("/", SearchLogs).RequireRole(Roles.LogsRead);
        app.MapGet("/api/v1/traces/{traceId}", GetTrace).RequireRole(Roles.LogsRead);
        return app;
    }

    /// <summary>One entry or an array; all are checked before any is queued, and a full queue refuses the whole batch.</summary>
    public static Results<Accepted<LogsAccepted>, ValidationProblem, ProblemHttpResult> IngestLogs(JsonElement body, LogIngestQueue queue, HttpContext http)
    {
        var isArray = body.ValueKind == JsonValueKind.Array;
        var elements = isArray ? body.EnumerateArray().ToList() : [body];
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < elements.Count; i++)
        {
            var problems = LogEntryShape.Problems(elements[i]);
            if (problems.Count > 0)
            {
                errors[isArray ? $"[{i}]" : "entry"] = [.. problems];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Some log entries are malformed.");
        }
        var entries = elements.Select(e => e.Deserialize<LogEntry>(LogEntryJson.Options)!).ToList();
        if (!queue.TryEnqueue(entries))
        {
            http.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem(title: "The log store is behind.", detail: "Nothing of this batch was taken; send it again shortly.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        return TypedResults.Accepted((string?)null, new LogsAccepted(entries.Count));
    }

    public static async Task<Results<Ok<LogPage>, ValidationProblem>> SearchLogs(
        ILogStore store,
        CancellationToken cancellationToken,
        string? traceId = null,
        string? messageId = null,
        string? service = null,
        string? level = null,
        string? q = null,
        string? from = null,
        string? to = null,
        string? limit = null)
    {
        var errors = new Dictionary<string, string[]>();
        Guid? message = null;
        if (!string.IsNullOrEmpty(messageId))
        {
            if (Guid.TryParse(messageId, out var parsed))
            {
                message = parsed;
            }
            else
            {
                errors["messageId"] = ["messageId must be a UUID."];
            }
        }
        var trace = QueryParameters.Text(traceId, "traceId", errors);
        var fromService = QueryParameters.Text(service, "service", errors);
        var words = QueryParameters.Text(q, "q", errors);
        var knownLevel = QueryParameters.OneOf(level, Levels, "level", errors);
        var since = QueryParameters.Time(from, "from", errors);
        var until = QueryParameters.Time(to, "to", errors);
        var size = QueryParameters.Limit(limit, LogQuery.DefaultLimit, LogQuery.MaxLimit, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The filters are not valid.");
        }
        var query = new LogQuery(trace, message, fromService, knownLevel, words, since, until, size);
        return TypedResults.Ok(new LogPage(await store.SearchAsync(query, cancellationToken)));
    }

    public static async Task<Results<Ok<TraceView>, ProblemHttpResult>> GetTrace(string traceId, ILogStore store, CancellationToken cancellationToken)
    {
        var entries = await store.SearchAsync(new LogQuery(TraceId: traceId, Limit: LogQuery.MaxLimit), cancellationToken);
        if (entries.Count == 0)
        {
            return TypedResults.Problem(title: "Trace not found.", detail: $"No log entries carry trace id {traceId}.", statusCode: StatusCodes.Status404NotFound);
        }
        return TypedResults.Ok(new TraceView(
            traceId,
            entries.Select(e => e.Service).Distinct().ToList(),
            entries[0].Timestamp,
            entries[^1].Timestamp,
            entries));
    }

}

public sealed record LogsAccepted(int Accepted);

public sealed record LogPage(IReadOnlyList<LogEntry> Items);

/// <summary>Everything every service logged for one trace, in time order.</summary>
public sealed record TraceView(string TraceId, IReadOnlyList<string> Services, DateTimeOffset FirstTimestamp, DateTimeOffset LastTimestamp, IReadOnlyList<LogEntry> Entries);
