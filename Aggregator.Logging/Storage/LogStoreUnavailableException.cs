namespace Aggregator.Logging.Storage;

/// <summary>
/// The store could not be reached or asked to be left alone for now (PostgreSQL down or starting, Elasticsearch
/// unreachable or answering 429/5xx): nothing of the batch was stored, and the same lines are worth sending again.
/// </summary>
public sealed class LogStoreUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
