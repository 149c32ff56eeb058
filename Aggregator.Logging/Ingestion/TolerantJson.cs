using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Aggregator.Logging.Ingestion;

/// <summary>
/// Reads JSON strings that System.Text.Json refuses to read: an escaped lone surrogate such as <c>"\ud800"</c>
/// is valid JSON, yet <c>GetString</c> throws on it. Here it comes back as a lone UTF-16 unit, for
/// <see cref="ServiceDefaults.Text.StorableText"/> to replace like any other character a store cannot hold.
/// </summary>
public static class TolerantJson
{
    public static string String(JsonElement value) => Unescape(JsonMarshal.GetRawUtf8Value(value)[1..^1]);

    public static string PropertyName(JsonProperty property) => Unescape(JsonMarshal.GetRawUtf8PropertyName(property));

    public static string String(ref Utf8JsonReader reader)
    {
        var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        return reader.ValueIsEscaped ? Unescape(raw) : Encoding.UTF8.GetString(raw);
    }

    /// <summary>Undoes JSON escapes in raw UTF-8 that a JSON reader has already checked, keeping lone surrogates.</summary>
    public static string Unescape(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        while (true)
        {
            var backslash = raw.IndexOf((byte)'\\');
            if (backslash < 0)
            {
                return text.Append(Encoding.UTF8.GetString(raw)).ToString();
            }
            text.Append(Encoding.UTF8.GetString(raw[..backslash]));
            var kind = raw[backslash + 1];
            if (kind == (byte)'u')
            {
                Utf8Parser.TryParse(raw.Slice(backslash + 2, 4), out ushort unit, out _, 'X');
                text.Append((char)unit);
                raw = raw[(backslash + 6)..];
                continue;
            }
            text.Append(kind switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                _ => (char)kind,
            });
            raw = raw[(backslash + 2)..];
        }
    }
}
