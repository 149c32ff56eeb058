using System.ComponentModel.DataAnnotations;

namespace Aggregator.Delivery.Channels.Whatsapp;

/// <summary>
/// A <c>WhatsAppCloud</c> entry of <c>Channels:Whatsapp:Providers</c>: Meta's Cloud API. AccessToken and AppSecret
/// belong in the environment; AppSecret checks the signatures of Meta's webhooks, VerifyToken answers its handshake.
/// </summary>
public sealed class WhatsAppCloudOptions() : HttpProviderOptions("https://graph.facebook.com")
{
    [RegularExpression(@"^v\d+\.\d+$", ErrorMessage = "ApiVersion must look like v21.0.")]
    public string ApiVersion { get; set; } = "v21.0";

    [Required]
    [RegularExpression("^[0-9]{1,32}$", ErrorMessage = "PhoneNumberId must be Meta's numeric id of the sending number.")]
    public string PhoneNumberId { get; set; } = "";

    [Required]
    public string AccessToken { get; set; } = "";

    [Required]
    public string AppSecret { get; set; } = "";

    [Required]
    public string VerifyToken { get; set; } = "";
}
