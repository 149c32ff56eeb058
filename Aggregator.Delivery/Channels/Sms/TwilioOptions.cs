using System.ComponentModel.DataAnnotations;

namespace Aggregator.Delivery.Channels.Sms;

/// <summary>
/// A <c>Twilio</c> entry of <c>Channels:Sms:Providers</c> or <c>Channels:Whatsapp:Providers</c>. The AuthToken belongs
/// in the environment; it also checks the signatures of Twilio's receipts for this account.
/// </summary>
public sealed class TwilioOptions() : HttpProviderOptions("https://api.twilio.com")
{
    [Required]
    [RegularExpression("^AC[0-9a-zA-Z]{32}$", ErrorMessage = "AccountSid must be AC followed by 32 letters or digits.")]
    public string AccountSid { get; set; } = "";

    [Required]
    public string AuthToken { get; set; } = "";

    /// <summary>The sending number (E.164), without <c>whatsapp:</c>; or leave it out and give <see cref="MessagingServiceSid"/>.</summary>
    public string? From { get; set; }

    public string? MessagingServiceSid { get; set; }

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(From) == string.IsNullOrEmpty(MessagingServiceSid))
        {
            yield return new ValidationResult("Give exactly one of From and MessagingServiceSid.", [nameof(From), nameof(MessagingServiceSid)]);
        }
        foreach (var problem in base.Validate(validationContext))
        {
            yield return problem;
        }
    }
}
