using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Aggregator.Tests.Infrastructure;

/// <summary>A Serilog sink (picked up by the services' <c>ReadFrom.Services</c>) that keeps every line as the console would print it.</summary>
public sealed class CapturedLogs : ILogEventSink
{
    private readonly ConcurrentQueue<string> lines = new();
    private readonly RenderedCompactJsonFormatter formatter = new();

    public IReadOnlyCollection<string> Lines => lines;

    public void Emit(LogEvent logEvent)
    {
        using var writer = new StringWriter();
        formatter.Format(logEvent, writer);
        lines.Enqueue(writer.ToString());
    }
}
