namespace Aggregator.Delivery.Attempts;

/// <summary>
/// A provider's error text is whatever the provider sent; it is cut to what the columns hold before it is stored
/// or travels in an event, so no answer of a provider can make a write fail.
/// </summary>
public static class ErrorText
{
    public const int MaxLength = 2000;

    /// <summary>Room for the longest ids seen (Meta's <c>wamid.</c> ids run to about 100 characters).</summary>
    public const int MaxProviderMessageIdLength = 256;

    public static string Cap(string text) => Cut(text, MaxLength);

    public static string? CapProviderMessageId(string? id) => id is null ? null : Cut(id, MaxProviderMessageIdLength);

    private static string Cut(string text, int length)
    {
        text = text.Replace('\0', '\uFFFD');
        if (text.Length <= length)
        {
            return text;
        }
        // Never split a surrogate pair: half of one is a string PostgreSQL refuses.
        var end = char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;
        return text[..end];
    }
}
