namespace Aggregator.Delivery.Receipts;

/// <summary>
/// The latest receipt for one provider message id. Kept by id, not by message: a receipt may arrive before the attempt
/// that holds the id is recorded, and is joined to it once it is.
/// </summary>
public sealed class ProviderReceipt
{
    public string ProviderMessageId { get; set; } = "";

    /// <summary>twilio or whatsapp: where the receipt came from.</summary>
    public string Source { get; set; } = "";

    public string Status { get; set; } = "";

    public DateTimeOffset ReceivedAt { get; set; }
}
