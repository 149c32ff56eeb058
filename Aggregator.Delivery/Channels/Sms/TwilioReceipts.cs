using System.Security.Cryptography;
using System.Text;
using Aggregator.Delivery.Receipts;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Aggregator.Delivery.Channels.Sms;

/// <summary>
/// Checks Twilio's status callbacks: <c>X-Twilio-Signature</c> is the base64 HMAC-SHA1, keyed with the AuthToken of the
/// configured account whose <c>AccountSid</c> was posted, over the exact <c>StatusCallback</c> URL we sent followed by
/// every posted parameter's name and value, sorted by name. An account we do not have is never signed.
/// </summary>
public sealed class TwilioReceipts(ProviderChains providers, IOptions<DeliveryOptions> delivery)
{
    public bool IsSigned(IEnumerable<KeyValuePair<string, StringValues>> form, string? signature)
    {
        var fields = form.ToList();
        var accountSid = fields.FirstOrDefault(f => f.Key == "AccountSid").Value.ToString();
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(accountSid))
        {
            return false;
        }
        var url = delivery.Value.ReceiptUrl(TwilioProvider.ReceiptPath);
        return providers.Configured<TwilioOptions>()
            .Where(account => account.AccountSid == accountSid)
            .Select(account => account.AuthToken)
            .Distinct()
            .Any(token => CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Signature(token, url, fields)), Encoding.ASCII.GetBytes(signature)));
    }

    public static string Signature(string authToken, string url, IEnumerable<KeyValuePair<string, StringValues>> form)
    {
        var signed = new StringBuilder(url);
        foreach (var (name, values) in form.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            foreach (var value in values.Order(StringComparer.Ordinal))
            {
                signed.Append(name).Append(value);
            }
        }
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(signed.ToString())));
    }
}
