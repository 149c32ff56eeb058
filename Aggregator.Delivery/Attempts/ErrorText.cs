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
        var storable = Storable(text);
        if (storable.Length <= length)
        {
            return storable;
        }
        // Never split a surrogate pair: half of one is a string PostgreSQL refuses.
        var end = char.IsHighSurrogate(storable[length - 1]) ? length - 1 : length;
        return storable[..end];
    }

    /// <summary>NUL and unpaired surrogates, which no PostgreSQL text or jsonb column takes, become U+FFFD.</summary>
    private static string Storable(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var paired = char.IsHighSurrogate(chars[i]) ? i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])
                : char.IsLowSurrogate(chars[i]) && i > 0 && char.IsHighSurrogate(chars[i - 1]);
            if (chars[i] == '\0' || (char.IsSurrogate(chars[i]) && !paired))
            {
                chars[i] = '\uFFFD';
            }
        }
        return new string(chars);
    }
}
