using Aggregator.Contracts;
using Aggregator.Delivery.Channels;

namespace Aggregator.Delivery.Attempts;

/// <summary>One attempt to deliver one message, as the channel consumer saw it.</summary>
public sealed class DeliveryAttempt
{
    public Guid MessageId { get; set; }

    public int Attempt { get; set; }

    public MessageChannel Channel { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    public AttemptOutcome Outcome { get; set; }

    public string? Error { get; set; }

    /// <summary>The provider that took the message, or the last one tried when none did.</summary>
    public string? Provider { get; set; }

    public string? ProviderMessageId { get; set; }

    /// <summary>Every provider's part in this attempt, in the order they were tried.</summary>
    public List<ProviderTry>? ProvidersTried { get; set; }
}

public enum AttemptOutcome
{
    Succeeded,
    FailedTransiently,
    FailedPermanently,
}
