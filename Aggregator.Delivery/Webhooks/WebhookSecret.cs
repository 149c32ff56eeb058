using System.Security.Cryptography;

namespace Aggregator.Delivery.Webhooks;

/// <summary>A signing secret in the Standard Webhooks form: <c>whsec_</c> and the base64 of 32 random bytes.</summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";

    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
