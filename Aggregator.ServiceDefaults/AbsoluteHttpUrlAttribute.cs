using System.ComponentModel.DataAnnotations;

namespace Aggregator.ServiceDefaults;

/// <summary>An option that must be an absolute http or https URL; <paramref name="setting"/> names it in the start-up error.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AbsoluteHttpUrlAttribute(string setting) : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is string text && Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? ValidationResult.Success
            : new ValidationResult($"{setting} '{value}' is not an absolute http(s) URL.", validationContext.MemberName is { } member ? [member] : null);
}
