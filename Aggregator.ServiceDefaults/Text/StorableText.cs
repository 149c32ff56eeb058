using System.Text;

namespace Aggregator.ServiceDefaults.Text;

/// <summary>
/// Text every store can hold: PostgreSQL's <c>text</c> and <c>jsonb</c> refuse a NUL character, and an unpaired UTF-16
/// surrogate has no UTF-8 form at all. Input a client sends is refused when it holds either (<see cref="IsStorable"/>);
/// text we keep whatever it holds (a provider's error, a log line) is cleaned instead (<see cref="Clean"/>).
/// </summary>
public static class StorableText
{
    private const char Replacement = '\uFFFD';

    public static string Rule(string field) => $"{field} must not contain a NUL character or an unpaired UTF-16 surrogate.";

    public static bool IsStorable(string? text)
    {
        var span = text.AsSpan();
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] == '\0')
            {
                return false;
            }
            if (char.IsSurrogate(span[i]))
            {
                if (!char.IsHighSurrogate(span[i]) || i + 1 == span.Length || !char.IsLowSurrogate(span[i + 1]))
                {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /// <summary>
    /// NUL and unpaired surrogates become U+FFFD; past <paramref name="cap"/> characters the text is cut (never inside a
    /// surrogate pair) and ends with <paramref name="marker"/>. Text that needs neither is returned as it is.
    /// </summary>
    public static string Clean(string text, int cap, string marker = "")
    {
        var cut = text.Length > cap;
        if (!cut && !text.Contains('\0') && text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return text;
        }
        var keep = cut ? cap - marker.Length : text.Length;
        if (cut && char.IsHighSurrogate(text[keep - 1]) && char.IsLowSurrogate(text[keep]))
        {
            keep--;
        }
        var clean = new StringBuilder(keep + marker.Length);
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
        return cut ? clean.Append(marker).ToString() : clean.ToString();
    }
}
