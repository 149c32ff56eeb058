using Aggregator.Contracts;

namespace Aggregator.Logging.Storage;

/// <summary>A sanitised entry and when the Logging service took it; retention counts from <see cref="ReceivedAt"/>, not from the sender's timestamp.</summary>
public sealed record ReceivedLogEntry(LogEntry Entry, DateTimeOffset ReceivedAt);
