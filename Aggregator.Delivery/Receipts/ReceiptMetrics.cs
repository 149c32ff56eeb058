using System.Diagnostics.Metrics;
using Aggregator.Delivery.Telemetry;

namespace Aggregator.Delivery.Receipts;

/// <summary>
/// Receipts by source (twilio, whatsapp), status and outcome: <c>applied</c> (the message's providerStatus moved),
/// <c>kept</c> (not newer, or its attempt is not recorded yet), <c>ignored</c> (a status before sending), <c>rejected</c>
/// (bad signature).
/// </summary>
public sealed class ReceiptMetrics(IMeterFactory meters)
{
    private readonly Counter<long> receipts = meters.Create(DeliveryMeter.Name)
        .CreateCounter<long>("aggregator.receipts", description: "Provider receipts received, by source, status and outcome.");

    public void Received(string source, string? status, string outcome) => receipts.Add(1,
        new KeyValuePair<string, object?>("source", source),
        new KeyValuePair<string, object?>("status", status ?? "unknown"),
        new KeyValuePair<string, object?>("outcome", outcome));
}
