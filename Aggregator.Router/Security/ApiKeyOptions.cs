using System.ComponentModel.DataAnnotations;

namespace Aggregator.Router.Security;

/// <summary>
/// The API keys clients may use, bound from <c>Security</c>. Only SHA-256 hashes are configured, never keys;
/// with none configured, the Router takes requests without a key.
/// </summary>
public sealed class ApiKeyOptions : IValidatableObject
{
    public const string Section = "Security";

    public List<ApiKeyEntry> ApiKeys { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var key in ApiKeys)
        {
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                yield return new ValidationResult("Every API key needs a Name.", [nameof(ApiKeys)]);
            }
            if (key.Sha256.Length != 64 || !key.Sha256.All(Uri.IsHexDigit))
            {
                yield return new ValidationResult($"API key '{key.Name}' needs Sha256: the 64 hex digits of SHA-256 over the key.", [nameof(ApiKeys)]);
            }
        }
    }
}

public sealed class ApiKeyEntry
{
    /// <summary>Who the key belongs to; scopes idempotency keys and rate limits.</summary>
    public string Name { get; set; } = "";

    /// <summary>Lowercase or uppercase hex of SHA-256 over the key's UTF-8 bytes.</summary>
    public string Sha256 { get; set; } = "";
}
