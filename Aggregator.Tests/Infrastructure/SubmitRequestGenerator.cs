using System.Text;
using CsCheck;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// Bodies for <c>POST /api/v1/messages</c>, as the raw bytes a client sends: valid requests, and near-valid ones
/// carrying what a careless or hostile client sends (NUL, unpaired surrogates as JSON escapes and as raw invalid
/// UTF-8, very long strings, deep nesting, wrong types, huge metadata, CR/LF in the subject, odd channels and
/// recipients, repeated properties, truncated or non-object bodies).
/// </summary>
public static class SubmitRequestGenerator
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";

    private static readonly System.Buffers.SearchValues<char> MustEscape = System.Buffers.SearchValues.Create(
        "\"\\" + string.Concat(Enumerable.Range(0, 32).Select(c => (char)c)));

    /// <summary>Requests that follow the contract, by construction; metadata included.</summary>
    public static readonly Gen<byte[]> ValidBodies;

    /// <summary>Everything: about a third valid, the rest near-valid or plainly broken.</summary>
    public static readonly Gen<byte[]> Bodies;

    private static readonly Gen<byte[]> PlainFragment =
        Gen.Char[Letters + Digits + " .,-_!?'\"\\/"].Array[1, 12].Select(chars => Utf8(Escape(new string(chars))));

    private static readonly Gen<byte[]> UnicodeFragment = Gen.OneOf<byte[]>(
        Gen.Char['\u00a0', '\ud7ff'].Select(c => Utf8(c.ToString())),
        Gen.Char['\ue000', '\ufffd'].Select(c => Utf8(c.ToString())),
        Gen.Int[0x10000, 0x10FFFF].Select(scalar => Utf8(char.ConvertFromUtf32(scalar))));

    private static readonly Gen<byte[]> EscapeFragment =
        Gen.OneOf(@"\n", @"\t", @"\""", @"\\", @"\/", @"\u00e9", @"\ud83d\ude00", @"\u2028", @"\uFEFF").Select(Utf8);

    /// <summary>What no store can hold, or what is not UTF-8 or not JSON at all, inside a string.</summary>
    private static readonly Gen<byte[]> HostileFragment = Gen.OneOf<byte[]>(
        Gen.OneOf(@"\u0000", @"\ud800", @"\udc00", @"\udbff\udbff", @"\udfff\ud800", @"\ud800x", @"\uDC00\u0000").Select(Utf8),
        Gen.OneOf<byte[]>([0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0x80], [0x00], [0x01], [0x0A]));

    private static readonly Gen<byte[]> FriendlyText = Gen.Frequency<byte[]>(
        (6, PlainFragment), (2, UnicodeFragment), (1, EscapeFragment)).Array[1, 6].Select(Concat).Select(Quoted);

    private static readonly Gen<byte[]> HostileText = Gen.Select(
        Gen.Frequency<byte[]>((4, PlainFragment), (1, UnicodeFragment), (2, HostileFragment)).Array[0, 4],
        HostileFragment,
        Gen.Frequency<byte[]>((4, PlainFragment), (1, UnicodeFragment), (1, HostileFragment)).Array[0, 4],
        (before, hostile, after) => Quoted(Concat([.. before, hostile, .. after])));

    private static readonly Gen<byte[]> WrongType = Gen.OneOf("1", "-0.5e3", "true", "false", "[]", "[\"sms\"]", "{}", "{\"text\":\"x\"}").Select(Utf8);

    private static readonly Gen<string> ValidChannel = Gen.OneOf("email", "sms", "whatsapp", "EMAIL", "Sms", "WhatsApp");

    private static readonly Gen<byte[]> OddChannel = Gen.OneOf<byte[]>(
        Gen.OneOf("fax", "", " sms", "sms ", "1", "0", "e-mail", "emaiI", "Email\n", "SMS\r\n", "whatsapp\t", "ЕМAIL").Select(Json),
        HostileText, WrongType);

    private static readonly Gen<string> EmailAddress = Gen.Select(
        Gen.Char[Letters + Digits].Array[1, 24], Gen.Char["abcdefghijklmnopqrstuvwxyz"].Array[1, 16], Gen.OneOf("com", "org", "co.uk", "example"),
        (local, domain, tld) => $"{new string(local)}@{new string(domain)}.{tld}");

    private static readonly Gen<string> LongEmailAddress = Gen.Int[240, 400].Select(length =>
        new string('j', length - "@example.com".Length) + "@example.com");

    private static readonly Gen<string> PhoneNumber = Gen.Select(
        Gen.Char['1', '9'], Gen.Char[Digits].Array[7, 14], (first, rest) => $"+{first}{new string(rest)}");

    private static readonly Gen<byte[]> OddRecipient = Gen.OneOf<byte[]>(
        Gen.OneOf("jane", "Jane <jane@example.com>", "jane@localhost", "jane@@example.com", ".jane@example.com", " jane@example.com",
            "jané@exämple.com", "\"jane doe\"@example.com", "jane@example.com\n", "+14155552671\n", "+04155552671", "+1234567",
            "+1234567890123456", "14155552671", "+1 415 555 2671", "+١٤١٥٥٥٥٢٦٧١", "").Select(Json),
        LongEmailAddress.Select(Json),
        Gen.Int[1000, 20_000].Select(length => Json("+" + new string('1', length))),
        HostileText, WrongType);

    private static readonly Gen<byte[]?> ValidSubject = Gen.Frequency<byte[]?>(
        (3, Gen.Const((byte[]?)null)), (1, Gen.Const<byte[]?>(Utf8("null"))), (6, FriendlyText.Where(NoLineBreak).Select(b => (byte[]?)b)),
        (1, Gen.Int[0, 998].Select(length => (byte[]?)Json(new string('s', length)))));

    private static readonly Gen<byte[]> OddSubject = Gen.OneOf<byte[]>(
        Gen.OneOf("Hi\r\nBcc: x@example.com", "line\nbreak", "carriage\rreturn").Select(Json),
        Gen.Int[995, 1010].Select(length => Json(new string('s', length))),
        HostileText, WrongType);

    private static readonly Gen<byte[]> OddBody = Gen.OneOf<byte[]>(
        Gen.OneOf("", " ", "\t\n ", "\u00a0").Select(Json),
        Gen.OneOf(1_600, 4_096, 100_000).SelectMany(limit => Gen.Int[limit - 2, limit + 2]).Select(length => Json(new string('b', length))),
        HostileText, WrongType);

    private static readonly Gen<byte[]> MetadataKey = Gen.Char[Letters + Digits + "_-."].Array[1, 20].Select(chars => Json(new string(chars)));

    private static readonly Gen<byte[]> MetadataValue = Gen.Frequency<byte[]>(
        (6, FriendlyText),
        (2, Gen.OneOf("0", "-1", "3.14", "1e400", "-0", "123456789012345678901234567890", "true", "false", "null").Select(Utf8)),
        (1, Gen.OneOf("[]", "[1,\"two\",null]", "{\"inner\":{\"deeper\":[true]}}").Select(Utf8)));

    private static readonly Gen<byte[]?> ValidMetadata = Gen.Frequency<byte[]?>(
        (3, Gen.Const((byte[]?)null)), (1, Gen.Const<byte[]?>(Utf8("null"))),
        (6, Gen.Select(MetadataKey, MetadataValue).Array[0, 8].Select(pairs => (byte[]?)Object(DistinctKeys(pairs)))));

    private static readonly Gen<byte[]> OddMetadata = Gen.OneOf<byte[]>(
        Gen.Select(MetadataKey, MetadataValue).Array[30, 40].Select(pairs => Object(DistinctKeys(pairs))),
        Gen.Int[8_100, 8_300].Select(length => Object([(Json("big"), Json(new string('m', length)))])),
        Gen.Int[10, 40].Select(depth => Utf8(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth))),
        Gen.Int[10, 40].Select(depth => Utf8(new string('[', depth) + new string(']', depth))),
        Gen.Select(MetadataKey, MetadataValue, MetadataValue, (key, first, second) => Object([(key, first), (key, second)])),
        Gen.Select(HostileText, MetadataValue, (key, value) => Object([(key, value)])),
        Gen.Select(MetadataKey, HostileText, (key, value) => Object([(key, value)])),
        Gen.Select(MetadataKey, HostileText, (key, value) => Object([(Json("outer"), Object([(key, value)]))])),
        Gen.OneOf("[]", "\"tag\"", "42", "true", """{"orderId":1,"ORDERID":2}""", """{"é":1,"É":2}""", """{"σ":1,"ς":2}""").Select(Utf8));

    static SubmitRequestGenerator()
    {
        var valid = ValidChannel.SelectMany(channel => Gen.Select(
            channel.Equals("email", StringComparison.OrdinalIgnoreCase) ? EmailAddress : PhoneNumber,
            ValidSubject,
            ValidBody(channel),
            ValidMetadata,
            (recipient, subject, body, metadata) => new Fields(Json(channel), Json(recipient), subject, body, metadata)));
        ValidBodies = valid.Select(fields => fields.ToJson());

        var mutation = Gen.OneOf<Func<Fields, Gen<Fields>>>(
            fields => OddChannel.Select(value => fields with { Channel = value }),
            fields => OddRecipient.Select(value => fields with { Recipient = value }),
            fields => OddSubject.Select(value => fields with { Subject = value }),
            fields => OddBody.Select(value => fields with { Body = value }),
            fields => OddMetadata.Select(value => fields with { Metadata = value }),
            fields => Gen.Const(fields with { Channel = null }),
            fields => Gen.Const(fields with { Recipient = null }),
            fields => Gen.Const(fields with { Body = null }),
            fields => HostileText.Select(value => fields with { Extra = (Json("note"), value) }),
            fields => HostileText.Select(name => fields with { Extra = (name, Utf8("1")) }),
            fields => Gen.Const(fields with { Extra = (Json("channel"), Json("sms")) }));
        var nearValid = Gen.Select(valid, mutation.Array[1, 3]).SelectMany((fields, changes) =>
            changes.Aggregate(Gen.Const(fields), (gen, change) => gen.SelectMany(change))).Select(fields => fields.ToJson());

        var broken = Gen.OneOf<byte[]>(
            Gen.OneOf("", "null", "[]", "\"text\"", "42", "{", "{\"channel\":", "{}}").Select(Utf8),
            ValidBodies.SelectMany(body => Gen.Int[0, body.Length - 1].Select(cut => body[..cut])),
            ValidBodies.Select(body => (byte[])[0xEF, 0xBB, 0xBF, .. body]),
            Gen.Int[17, 300].Select(depth => Utf8(new string('[', depth) + new string(']', depth))),
            Gen.Byte.Array[1, 64]);

        Bodies = Gen.Frequency<byte[]>((3, ValidBodies), (6, nearValid), (1, broken));
    }

    /// <summary>A body of UTF-8 bytes made readable for a failure report, cut short.</summary>
    public static string Describe(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return $"{body.Length} bytes: {(text.Length > 600 ? text[..600] + "…" : text)}";
    }

    private static Gen<byte[]> ValidBody(string channel)
    {
        var limit = channel.ToLowerInvariant() switch { "sms" => 1_600, "whatsapp" => 4_096, _ => 100_000 };
        return Gen.Frequency<byte[]>((40, FriendlyText.Where(NotBlank)), (1, Gen.Int[limit - 10, limit].Select(length => Json(new string('b', length)))));
    }

    private static bool NoLineBreak(byte[] json) => Text(json).IndexOfAny(['\r', '\n']) < 0;

    private static bool NotBlank(byte[] json) => !string.IsNullOrWhiteSpace(Text(json));

    private static string Text(byte[] json) => System.Text.Json.JsonSerializer.Deserialize<string>(json)!;

    private static (byte[] Key, byte[] Value)[] DistinctKeys((byte[] Key, byte[] Value)[] pairs) =>
        pairs.DistinctBy(pair => Text(pair.Key), StringComparer.OrdinalIgnoreCase).ToArray();

    private static byte[] Object((byte[] Key, byte[] Value)[] pairs) =>
        Concat([Utf8("{"), .. pairs.SelectMany((pair, i) => new[] { Utf8(i == 0 ? "" : ","), pair.Key, Utf8(":"), pair.Value }), Utf8("}")]);

    private static byte[] Json(string text) => Quoted(Utf8(Escape(text)));

    private static byte[] Quoted(byte[] content) => Concat([[(byte)'"'], content, [(byte)'"']]);

    private static string Escape(string text)
    {
        if (!text.AsSpan().ContainsAny(MustEscape))
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => escaped.Append("\\\""),
                '\\' => escaped.Append("\\\\"),
                < ' ' => escaped.Append($"\\u{(int)c:x4}"),
                _ => escaped.Append(c),
            };
        }
        return escaped.ToString();
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Concat(byte[][] parts)
    {
        var joined = new byte[parts.Sum(part => part.Length)];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(joined, at);
            at += part.Length;
        }
        return joined;
    }

    /// <summary>A request's properties as JSON values; null leaves one out.</summary>
    private sealed record Fields(byte[]? Channel, byte[]? Recipient, byte[]? Subject, byte[]? Body, byte[]? Metadata)
    {
        public (byte[] Name, byte[] Value)? Extra { get; init; }

        public byte[] ToJson() => Object(
        [
            .. new (string Name, byte[]? Value)[] { ("channel", Channel), ("recipient", Recipient), ("subject", Subject), ("body", Body), ("metadata", Metadata) }
                .Where(property => property.Value is not null)
                .Select(property => (Json(property.Name), property.Value!)),
            .. Extra is { } extra ? new[] { extra } : [],
        ]);
    }
}
