using Aggregator.ServiceDefaults.Text;
using System.Text.Json;

namespace Aggregator.Router.Messages;

/// <summary>
/// Turns the bytes of a message request into a <see cref="SubmitMessageRequest"/>, or into errors naming the field:
/// invalid UTF-8, malformed JSON, nesting deeper than 16, a repeated property, a non-object, a field of the wrong type,
/// a string that .NET cannot hold, or a time that is not RFC 3339. Never throws.
/// </summary>
public static class SubmitMessageJson
{
    /// <summary>How deep a message may nest; its metadata is the only part that nests at all.</summary>
    public const int MaxDepth = 16;

    public static SubmitMessageReading Parse(ReadOnlyMemory<byte> body)
    {
        using var document = ParseDocument(body, MaxDepth, out var errors);
        if (document is null)
        {
            return SubmitMessageReading.Invalid(errors!);
        }
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? Read(document.RootElement)
            : SubmitMessageReading.Invalid(new() { ["body"] = ["The body must be a JSON object."] });
    }

    /// <summary>The body as a document, or null and errors naming the body (or the top-level field whose name cannot be read).</summary>
    public static JsonDocument? ParseDocument(ReadOnlyMemory<byte> body, int maxDepth, out Dictionary<string, string[]>? errors)
    {
        errors = null;
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            errors = new() { ["body"] = ["The body is not valid UTF-8."] };
            return null;
        }
        try
        {
            // A repeated property would leave it to chance which value counts, and turns metadata into a dictionary that cannot be built.
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException exception)
        {
            errors = new() { ["body"] = [$"The body is not valid JSON: {exception.Message}"] };
        }
        catch (InvalidOperationException)
        {
            var field = FieldWithUnreadableName(body.Span, maxDepth);
            errors = new() { [field] = [StorableText.Rule(field)] };
        }
        return null;
    }

    /// <summary>One message as a JSON object: the whole body of a single request, or one item of a batch.</summary>
    public static SubmitMessageReading Read(JsonElement message)
    {
        var errors = new Dictionary<string, string[]>();
        var request = new SubmitMessageRequest(
            Text(message, "channel", errors),
            Text(message, "recipient", errors),
            Text(message, "subject", errors),
            Text(message, "body", errors),
            Metadata(message, errors),
            Time(message, "sendAt", errors),
            Time(message, "expiresAt", errors),
            Text(message, "priority", errors));
        return errors.Count > 0 ? SubmitMessageReading.Invalid(errors) : SubmitMessageReading.Read(request);
    }

    private static DateTimeOffset? Time(JsonElement root, string field, Dictionary<string, string[]> errors)
    {
        var text = Text(root, field, errors);
        if (text is null)
        {
            return null;
        }
        if (!Rfc3339.TryParse(text, out var time))
        {
            errors[field] = [$"{field} {Rfc3339.Rule}"];
            return null;
        }
        return time;
    }

    private static string? Text(JsonElement root, string field, Dictionary<string, string[]> errors)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors[field] = [$"{field} must be a string."];
            return null;
        }
        if (!StorableJson.TryRead(value, out var text))
        {
            errors[field] = [StorableText.Rule(field)];
        }
        return text;
    }

    private static JsonElement? Metadata(JsonElement root, Dictionary<string, string[]> errors)
    {
        if (!root.TryGetProperty("metadata", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors["metadata"] = ["metadata must be a JSON object."];
            return null;
        }
        return value.Clone();
    }

    /// <summary>
    /// The top-level field holding a property name that cannot be read, or "body" when the name is top-level: looking for
    /// repeated names unescapes every one, and System.Text.Json throws on a name holding an unpaired surrogate.
    /// </summary>
    private static string FieldWithUnreadableName(ReadOnlySpan<byte> body, int maxDepth)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = maxDepth });
        var field = "body";
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    field = reader.CurrentDepth == 1 ? name : field;
                }
            }
        }
        catch (InvalidOperationException)
        {
            return reader.CurrentDepth == 1 ? "body" : field;
        }
        catch (JsonException)
        {
            // Malformed further on, yet reported after the name; the body is then named as a whole.
        }
        return "body";
    }
}
