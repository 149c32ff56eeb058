using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.Logging.Ingestion;
using Aggregator.Logging.Storage;
using Aggregator.ServiceDefaults.Http;
using Aggregator.ServiceDefaults.OpenApi;
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
        var logs = app.MapGroup("/api/v1/logs").WithTags("Logs");
        logs.MapPost("/", IngestLogs).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes)).RequireRole(Roles.LogsWrite)
            .WithSummary("Store log entries")
            .WithDescription(
                "Takes one entry or an array of entries, each with timestamp, level (Verbose, Debug, Information, Warning, Error, Fatal), " +
                "service and message, and optionally traceId, messageId, messageTemplate, properties and exception. The Router and Delivery " +
                "ship their own logs here. Every entry is checked before any is stored. " +
                "202: all entries taken; the body counts them. 400: the body is not JSON, or an entry is malformed (problem details with " +
                "errors keyed by the entry's index); nothing was taken. 413: the body is over 4 MiB. 415: the body is not JSON. " +
                "503: the store is behind; nothing was taken; send it again after the Retry-After seconds.")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithRequestExample(LogExamples.Entries)
            .WithResponseExample(StatusCodes.Status202Accepted, LogExamples.Accepted)
            .WithResponseExample(StatusCodes.Status400BadRequest, LogExamples.Malformed)
            .WithResponseExample(StatusCodes.Status503ServiceUnavailable, LogExamples.Behind);
        logs.MapGet("/", SearchLogs).RequireRole(Roles.LogsRead)
            .WithSummary("Search log entries")
            .WithDescription(
                "Entries of every service, ordered by timestamp, filtered by traceId, messageId (UUID), service, level, q (words in the " +
                "message), state, channel and event (the fields a state change or webhook line carries), from and to (RFC 3339); limit is at most 5,000 (default 200). Recipients in entries are masked. " +
                "200: the matching entries. 400: a filter is not valid (problem details with errors). " +
                "503: the log store is unusable; try again shortly.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithResponseExample(StatusCodes.Status200OK, LogExamples.Page)
            .WithResponseExample(StatusCodes.Status400BadRequest, LogExamples.InvalidFilters);
        app.MapGet("/api/v1/traces/{traceId}", GetTrace).RequireRole(Roles.LogsRead).WithTags("Traces")
            .WithSummary("Get every service's log entries for one trace")
            .WithDescription(
                "The timeline of one request through the system: the entries of every service that carry the trace id (32 lowercase hex, " +
                "as the Router answers it), in time order, the services seen, and the first and last timestamps. " +
                "200: the trace. 404: no entry carries the trace id. 503: the log store is unusable; try again shortly.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithResponseExample(StatusCodes.Status200OK, LogExamples.Trace)
            .WithResponseExample(StatusCodes.Status404NotFound, LogExamples.TraceNotFound);
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
        string? limit = null,
        string? state = null,
        string? channel = null,
        string? @event = null)
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
        var promoted = (State: QueryParameters.Text(state, "state", errors), Channel: QueryParameters.Text(channel, "channel", errors),
            Event: QueryParameters.Text(@event, "event", errors));
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The filters are not valid.");
        }
        var query = new LogQuery(trace, message, fromService, knownLevel, words, since, until, size, promoted.State, promoted.Channel, promoted.Event);
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
