using System.Text.Json.Serialization;

namespace Aggregator.Delivery.Channels;

/// <summary>One provider's part in an attempt: it took the message, failed, or was skipped because its circuit was open.</summary>
public sealed record ProviderTry(string Provider, ProviderTryOutcome Outcome, string? Error = null);

[JsonConverter(typeof(JsonStringEnumConverter<ProviderTryOutcome>))]
public enum ProviderTryOutcome
{
    Succeeded,
    FailedTransiently,
    FailedPermanently,
    CircuitOpen,
}
