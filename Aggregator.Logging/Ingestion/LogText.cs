namespace Aggregator.Logging.Ingestion;

/// <summary>How a log line's field that was cut ends (fields are cleaned and capped by ServiceDefaults' StorableText).</summary>
public static class LogText
{
    public const string Marker = "…[truncated]";
}
