using System.ComponentModel.DataAnnotations;

namespace Aggregator.Delivery.Channels;

/// <summary>A provider reached over HTTP: its <see cref="BaseUrl"/> defaults to the real API; tests point it at a stub.</summary>
public abstract class HttpProviderOptions(string baseUrl) : ProviderOptions, IValidatableObject
{
    public string BaseUrl { get; set; } = baseUrl;

    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult($"BaseUrl '{BaseUrl}' is not an absolute http(s) URL.", [nameof(BaseUrl)]);
        }
    }
}
