using System.Text.Json;

namespace Aggregator.Router.Messages;

/// <summary>
/// Text that every store downstream can hold: PostgreSQL's <c>text</c> and <c>jsonb</c> refuse a NUL character, and an
/// unpaired UTF-16 surrogate has no UTF-8 form at all, so neither may enter a message that is answered 202.
/// </summary>
public static class StorableText
{
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

    /// <summary>True when every property name and string value inside the element, at any depth, is storable.</summary>
    public static bool IsStorable(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().All(p => TryRead(p, out var name) && IsStorable(name) && IsStorable(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().All(IsStorable),
        JsonValueKind.String => TryRead(element, out var text) && IsStorable(text),
        _ => true,
    };

    /// <summary>The text of a JSON string, or false when it has none that .NET can hold.</summary>
    public static bool TryRead(JsonElement element, out string? text) => TryRead(element.GetString, out text);

    /// <summary>The name of a JSON property, or false when it has none that .NET can hold.</summary>
    public static bool TryRead(JsonProperty property, out string? name) => TryRead(() => property.Name, out name);

    /// <summary>
    /// System.Text.Json throws <see cref="InvalidOperationException"/> rather than unescape an unpaired surrogate
    /// (<c>"\ud800"</c>) into a string, and offers no Try method; that exception is the answer "not storable".
    /// </summary>
    private static bool TryRead(Func<string?> read, out string? text)
    {
        try
        {
            text = read();
            return true;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }
}
