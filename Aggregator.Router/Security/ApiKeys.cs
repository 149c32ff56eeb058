using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Aggregator.Router.Security;

/// <summary>Tells which configured client an <c>X-Api-Key</c> belongs to, comparing hashes in constant time.</summary>
public sealed class ApiKeys
{
    public const string Header = "X-Api-Key";

    private static readonly object CallerItem = new();

    private readonly (string Name, byte[] Hash)[] keys;

    public ApiKeys(IOptions<ApiKeyOptions> options) =>
        keys = options.Value.ApiKeys.Select(k => (k.Name, Convert.FromHexString(k.Sha256))).ToArray();

    public bool Required => keys.Length > 0;

    /// <summary>The client's name, or null for a missing or unknown key.</summary>
    public string? Identify(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        string? name = null;
        // Every key is compared, found or not, so timing tells nothing about which one matched.
        foreach (var key in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash))
            {
                name = key.Name;
            }
        }
        return name;
    }

    /// <summary>
    /// Who is asking: the key's client when keys are on, "anonymous" when they are off, null when refused. The rate
    /// limiter, the key check and the idempotency scope all ask; the key is hashed and compared once per request.
    /// </summary>
    public string? Caller(HttpContext http)
    {
        if (http.Items.TryGetValue(CallerItem, out var known))
        {
            return (string?)known;
        }
        var caller = Required ? Identify(http.Request.Headers[Header]) : "anonymous";
        http.Items[CallerItem] = caller;
        return caller;
    }
}
