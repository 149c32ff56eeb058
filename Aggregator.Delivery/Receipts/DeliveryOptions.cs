using System.ComponentModel.DataAnnotations;

namespace Aggregator.Delivery.Receipts;

/// <summary>The Delivery service as the outside world reaches it; bound from <c>Delivery</c>.</summary>
public sealed class DeliveryOptions : IValidatableObject
{
    public const string Section = "Delivery";

    /// <summary>
    /// Where providers post receipts: Twilio's <c>StatusCallback</c> is made from it, and Twilio's signature is checked
    /// over exactly that URL, so it must be the address Twilio calls (behind any proxy), without a trailing slash.
    /// </summary>
    [Required]
    public string PublicUrl { get; set; } = "http://localhost:3001";

    public string ReceiptUrl(string provider) => $"{PublicUrl.TrimEnd('/')}/api/v1/receipts/{provider}";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult($"Delivery:PublicUrl '{PublicUrl}' is not an absolute http(s) URL.", [nameof(PublicUrl)]);
        }
    }
}
