using System.Text.Json;
using Aggregator.ServiceDefaults.Text;

namespace Aggregator.Router.Messages;

/// <summary>
/// JSON whose every name and string every store downstream can hold (ServiceDefaults' <see cref="StorableText"/>), so
/// no NUL or unpaired surrogate enters a message that is answered 202 — also where System.Text.Json cannot read it.
/// </summary>
public static class StorableJson
{
    /// <summary>True when every property name and string value inside the element, at any depth, is storable.</summary>
    public static bool IsStorable(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().All(p => TryRead(p, out var name) && StorableText.IsStorable(name) && IsStorable(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().All(IsStorable),
        JsonValueKind.String => TryRead(element, out var text) && StorableText.IsStorable(text),
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
