namespace Aggregator.Delivery.Sweeping;

/// <summary>A message the sweeper found stuck, with its kept command (null when none is kept).</summary>
public sealed record StuckMessage(Guid MessageId, string State, int Attempts, string? Command);
