namespace Aggregator.Delivery.Sweeping;

/// <summary>A message the sweeper found stuck, with its kept command (null when none is kept) and whether its last attempt has a record.</summary>
public sealed record StuckMessage(Guid MessageId, string State, int Attempts, int FinishedAttempts, string? Command, bool AttemptRecorded);
