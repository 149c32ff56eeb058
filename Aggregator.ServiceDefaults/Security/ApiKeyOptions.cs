using System.ComponentModel.DataAnnotations;

namespace Aggregator.ServiceDefaults.Security;

/// <summary>
/// The keys a service accepts, bound from <c>Security</c>: only SHA-256 hashes are configured, never keys. With none
/// configured the service is open to every caller, with every role, and says so at start-up.
/// </summary>
public sealed class ApiKeyOptions : IValidatableObject
{
    public const string Section = "Security";

    public List<ApiKeyEntry> ApiKeys { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (key, index) in ApiKeys.Select((key, index) => (key, index)))
        {
            var name = $"Security:ApiKeys:{index}";
            if (string.IsNullOrWhiteSpace(key.Name) || key.Name.Length > 64 || key.Name.Any(char.IsControl))
            {
                yield return new ValidationResult($"{name}:Name is required: 1-64 printable characters.", [nameof(ApiKeys)]);
            }
            if (key.Name == ApiKeyAuthenticationHandler.Anonymous)
            {
                // It would read every message submitted while keys were off, and share their de-duplication.
                yield return new ValidationResult($"{name}:Name '{key.Name}' is reserved for callers while no key is configured.", [nameof(ApiKeys)]);
            }
            if (key.Sha256.Length != 64 || !key.Sha256.All(Uri.IsHexDigit))
            {
                yield return new ValidationResult($"{name}:Sha256 must be the 64 hex digits of SHA-256 over the key.", [nameof(ApiKeys)]);
            }
            var unknown = key.Roles.Except(Roles.All).ToList();
            if (key.Roles.Count == 0 || unknown.Count > 0)
            {
                yield return new ValidationResult(
                    $"{name}:Roles must name one or more of {string.Join(", ", Roles.All)}{(unknown.Count > 0 ? $"; not a role: {string.Join(", ", unknown)}" : "")}.",
                    [nameof(ApiKeys)]);
            }
        }
        foreach (var repeated in ApiKeys.GroupBy(k => k.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return new ValidationResult($"API key name '{repeated.Key}' is used more than once: names scope messages and must be unique.", [nameof(ApiKeys)]);
        }
        foreach (var repeated in ApiKeys.GroupBy(k => k.Sha256, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            yield return new ValidationResult(
                $"API keys {string.Join(", ", repeated.Select(k => $"'{k.Name}'"))} have the same Sha256: one key would be taken for the other.", [nameof(ApiKeys)]);
        }
    }
}

public sealed class ApiKeyEntry
{
    /// <summary>Who the key belongs to: messages, idempotency keys, de-duplication and rate limits are scoped by it.</summary>
    public string Name { get; set; } = "";

    /// <summary>Hex (either case) of SHA-256 over the key's UTF-8 bytes.</summary>
    public string Sha256 { get; set; } = "";

    public List<string> Roles { get; set; } = [];
}
