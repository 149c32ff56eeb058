using System.Net;
using System.Net.Http.Json;
using Aggregator.Contracts;
using MassTransit;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;

namespace Aggregator.ServiceDefaults.Logging;

/// <summary>
/// Ships batches of log lines to the Logging service over HTTP. While the Logging service is away (no connection, no
/// answer in time, a 5xx such as its 503 back-pressure) a batch goes over the bus instead as <see cref="LogEntriesShipped"/>:
/// RabbitMQ keeps it until the Logging service is back and stores it like a posted one. Only when neither takes it does
/// Serilog's batching retry it with growing pauses, from a bounded queue; the console keeps every line meanwhile.
/// The bus costs nothing while HTTP works: a healthy Logging service never sees the bus path used.
/// </summary>
public sealed class LogShipper(HttpClient http, Func<IBus?> bus) : IBatchedLogEventSink
{
    private static readonly TimeSpan BusPublishTimeout = TimeSpan.FromSeconds(10);

    public async Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        var entries = batch.Select(LogEntryMapper.From).ToList();
        try
        {
            using var response = await http.PostAsJsonAsync("/api/v1/logs", entries);
            response.EnsureSuccessStatusCode();
        }
        catch (Exception away) when (IsAway(away) && bus() is { } fallback)
        {
            using var timeout = new CancellationTokenSource(BusPublishTimeout);
            await fallback.Publish(new LogEntriesShipped { Entries = entries }, timeout.Token);
            SelfLog.WriteLine("Logging service away ({0}); {1} log lines shipped over the bus", away.Message, entries.Count);
        }
    }

    public Task OnEmptyBatchAsync() => Task.CompletedTask;

    private static bool IsAway(Exception exception) => exception switch
    {
        HttpRequestException { StatusCode: null } => true,
        HttpRequestException { StatusCode: { } status } => (int)status >= 500 || status == HttpStatusCode.RequestTimeout,
        TaskCanceledException => true,
        _ => false,
    };
}
