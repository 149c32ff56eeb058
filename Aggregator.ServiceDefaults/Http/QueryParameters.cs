using System.Globalization;
using Aggregator.ServiceDefaults.Text;

namespace Aggregator.ServiceDefaults.Http;

/// <summary>
/// Reads the query-string filters the list APIs share. Each bad value adds a line to <c>errors</c>, keyed by
/// its parameter, for one RFC 9457 validation answer that names them all.
/// </summary>
public static class QueryParameters
{
    /// <summary>Free text to match on, null when blank; a NUL or an unpaired surrogate no store can compare against is a 400.</summary>
    public static string? Text(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!StorableText.IsStorable(text))
        {
            errors[field] = [StorableText.Rule(field)];
            return null;
        }
        return text;
    }

    /// <summary>An ISO 8601 time (UTC when no offset is given), returned in UTC.</summary>
    public static DateTimeOffset? Time(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.ToUniversalTime();
        }
        errors[field] = [$"{field} must be an ISO 8601 date and time."];
        return null;
    }

    /// <summary>A page size from 1 to <paramref name="max"/>; <paramref name="fallback"/> when absent.</summary>
    public static int Limit(string? text, int fallback, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 && limit <= max)
        {
            return limit;
        }
        errors["limit"] = [$"limit must be a whole number from 1 to {max}."];
        return fallback;
    }

    /// <summary>One of <paramref name="allowed"/>, in any case, returned as spelled there.</summary>
    public static string? OneOf(string? text, IReadOnlyList<string> allowed, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        var known = allowed.FirstOrDefault(a => a.Equals(text, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            errors[field] = [$"{field} must be one of {string.Join(", ", allowed)}."];
        }
        return known;
    }
}
