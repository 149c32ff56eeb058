namespace Aggregator.Delivery.Channels;

/// <summary>
/// How a delivery attempt failed, already recorded and reported to the saga: what is left is to bring about the next
/// attempt after <see cref="Wait"/>, or none when it is null (a permanent failure, or no retry left).
/// </summary>
public sealed record AttemptFailure(Exception Failure, RedeliveryWait? Wait);
