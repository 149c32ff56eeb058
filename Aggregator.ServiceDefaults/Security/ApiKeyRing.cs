using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Aggregator.ServiceDefaults.Security;

/// <summary>Tells which configured key a presented <c>X-Api-Key</c> is, comparing hashes in constant time.</summary>
public sealed class ApiKeyRing
{
    public const string Header = "X-Api-Key";

    private readonly (ApiKeyEntry Entry, byte[] Hash)[] keys;

    public ApiKeyRing(IOptions<ApiKeyOptions> options) =>
        keys = options.Value.ApiKeys.Select(k => (k, Convert.FromHexString(k.Sha256))).ToArray();

    /// <summary>No key configured: every caller is let in with every role.</summary>
    public bool IsOpen => keys.Length == 0;

    /// <summary>The configured key, or null for an unknown one.</summary>
    public ApiKeyEntry? Find(string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        ApiKeyEntry? found = null;
        // Every key is compared, found or not, so timing tells nothing about which one matched.
        foreach (var (entry, keyHash) in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, keyHash))
            {
                found = entry;
            }
        }
        return found;
    }
}
