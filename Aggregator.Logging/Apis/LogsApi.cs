using System.Text.Json;
using Aggregator.Logging.Ingestion;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregator.Logging.Apis;

public static class LogsApi
{
    public static IEndpointRouteBuilder MapLogsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/logs");
        api.MapPost("/", IngestLogs);
        return app;
    }

    /// <summary>Takes one entry or an array of entries. Nothing is stored yet: the store comes with the log-store work.</summary>
    public static Results<Accepted<LogsAccepted>, ValidationProblem> IngestLogs(JsonElement body)
    {
        var entries = body.ValueKind == JsonValueKind.Array ? body.EnumerateArray().ToList() : [body];
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < entries.Count; i++)
        {
            var problems = LogEntryShape.Problems(entries[i]);
            if (problems.Count > 0)
            {
                errors[body.ValueKind == JsonValueKind.Array ? $"[{i}]" : "entry"] = [.. problems];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Some log entries are malformed.");
        }
        return TypedResults.Accepted((string?)null, new LogsAccepted(entries.Count));
    }
}

public sealed record LogsAccepted(int Accepted);
