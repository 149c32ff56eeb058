using Serilog.Core;
using Serilog.Events;

namespace Aggregator.ServiceDefaults.Logging;

/// <summary>
/// Adds <c>traceId</c> as a plain property so that every sink and store sees it under one name,
/// not only formatters that know Serilog's built-in trace field.
/// </summary>
public sealed class TraceIdEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (logEvent.TraceId is { } traceId)
        {
            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("traceId", traceId.ToHexString()));
        }
    }
}
