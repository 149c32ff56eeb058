using Aggregator.ServiceDefaults.Text;

namespace Aggregator.Delivery.Attempts;

/// <summary>
/// A provider's error text is whatever the provider sent; it is cleaned and cut to what the columns hold before it is
/// stored or travels in an event, so no answer of a provider can make a write fail.
/// </summary>
public static class ErrorText
{
    public const int MaxLength = 2000;

    /// <summary>Room for the longest ids seen (Meta's <c>wamid.</c> ids run to about 100 characters).</summary>
    public const int MaxProviderMessageIdLength = 256;

    public static string Cap(string text) => StorableText.Clean(text, MaxLength);

    public static string? CapProviderMessageId(string? id) => id is null ? null : StorableText.Clean(id, MaxProviderMessageIdLength);
}
