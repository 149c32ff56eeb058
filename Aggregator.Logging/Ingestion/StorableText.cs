using System.Text;

namespace Aggregator.Logging.Ingestion;

/// <summary>
/// Text every store can hold: PostgreSQL's text and jsonb refuse NUL, jsonb refuses lone surrogates, and
/// neither belongs in a log line; both become U+FFFD. Past its cap a text is cut and ends with <see cref="Marker"/>.
/// </summary>
public static class StorableText
{
    public const string Marker = "…[truncated]";

    private const char Replacement = '\uFFFD';

    public static string Clean(string text, int cap)
    {
        var cut = text.Length > cap;
        if (!cut && !text.Contains('\0') && text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return text;
        }
        var keep = cut ? cap - Marker.Length : text.Length;
        if (cut && char.IsHighSurrogate(text[keep - 1]) && char.IsLowSurrogate(text[keep]))
        {
            keep--;
        }
        var clean = new StringBuilder(keep + Marker.Length);
        for (var i = 0; i < keep; i++)
        {
            var unit = text[i];
            if (char.IsHighSurrogate(unit) && i + 1 < keep && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(unit).Append(text[++i]);
            }
            else
            {
                clean.Append(unit == '\0' || char.IsSurrogate(unit) ? Replacement : unit);
            }
        }
        return cut ? clean.Append(Marker).ToString() : clean.ToString();
    }
}
