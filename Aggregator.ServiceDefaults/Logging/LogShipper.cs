using System.Net.Http.Json;
using Serilog.Core;
using Serilog.Events;

namespace Aggregator.ServiceDefaults.Logging;

/// <summary>
/// Ships batches of log lines to the Logging service over HTTP. Serilog's batching runs it off the logging
/// thread with a bounded queue, and retries a failed batch with growing pauses; the console keeps every line
/// meanwhile, so nothing is lost to a reader of the service's own output.
/// </summary>
public sealed class LogShipper(HttpClient http) : IBatchedLogEventSink
{
    public async Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        var entries = batch.Select(LogEntryMapper.From).ToList();
        using var response = await http.PostAsJsonAsync("/api/v1/logs", entries);
        response.EnsureSuccessStatusCode();
    }

    public Task OnEmptyBatchAsync() => Task.CompletedTask;
}
