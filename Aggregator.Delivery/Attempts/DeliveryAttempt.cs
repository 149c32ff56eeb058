using Aggregator.Contracts;

namespace Aggregator.Delivery.Attempts;

/// <summary>One attempt to deliver one message, as the channel consumer saw it.</summary>
public sealed class DeliveryAttempt
{
    public Guid MessageId { get; set; }

    public int Attempt { get; set; }

    public Channel Channel { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    public AttemptOutcome Outcome { get; set; }

    public string? Error { get; set; }

    public string? ProviderMessageId { get; set; }
}

public enum AttemptOutcome
{
    Succeeded,
    FailedTransiently,
    FailedPermanently,
}
