using System.Globalization;
using System.Text.RegularExpressions;

namespace Aggregator.Router.Messages;

/// <summary>
/// Reads an RFC 3339 date-time (section 5.6) and nothing looser: a date, <c>T</c>, a time with seconds, an optional
/// fraction, and <c>Z</c> or a numeric offset. .NET's own parser alone takes far more (no offset, local time, month
/// names), and a time without an offset would be read in the server's zone.
/// </summary>
public static partial class Rfc3339
{
    /// <summary>Longer than any RFC 3339 time needs (35 characters with nine fraction digits): not worth a regular expression.</summary>
    private const int MaxLength = 40;

    public const string Rule = "must be an RFC 3339 date-time with an offset or Z, such as 2030-01-01T09:00:00Z.";

    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length > MaxLength || DateTime().Match(text) is not { Success: true } match)
        {
            return false;
        }
        // .NET reads at most seven fraction digits; RFC 3339 allows any number, and the eighth and ninth are below its tick.
        var fraction = match.Groups["fraction"].Value;
        var trimmed = fraction.Length > 8 ? text.Remove(match.Groups["fraction"].Index + 8, fraction.Length - 8) : text;
        return DateTimeOffset.TryParse(trimmed.ToUpperInvariant(), CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?<fraction>\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})\z")]
    private static partial Regex DateTime();
}
