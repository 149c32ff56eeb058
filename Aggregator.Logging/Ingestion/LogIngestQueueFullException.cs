namespace Aggregator.Logging.Ingestion;

/// <summary>The ingest queue cannot take a shipped batch now, because the store is behind or away; worth trying again.</summary>
public sealed class LogIngestQueueFullException() : Exception("The log ingest queue is full.");
