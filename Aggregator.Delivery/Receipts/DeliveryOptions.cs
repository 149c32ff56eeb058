using System.ComponentModel.DataAnnotations;
using Aggregator.ServiceDefaults;

namespace Aggregator.Delivery.Receipts;

/// <summary>The Delivery service as the outside world reaches it; bound from <c>Delivery</c>.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>
    /// Where providers post receipts: Twilio's <c>StatusCallback</c> is made from it, and Twilio's signature is checked
    /// over exactly that URL, so it must be the address Twilio calls (behind any proxy), without a trailing slash.
    /// </summary>
    [Required]
    [AbsoluteHttpUrl("Delivery:PublicUrl")]
    public string PublicUrl { get; set; } = "http://localhost:3001";

    public string ReceiptUrl(string provider) => $"{PublicUrl.TrimEnd('/')}/api/v1/receipts/{provider}";
}
