using Aggregator.ServiceDefaults.Text;
using System.Text.Json;

namespace Aggregator.Router.Messages;

/// <summary>
/// Turns the bytes of a message request into a <see cref="SubmitMessageRequest"/>, or into errors naming the field:
/// invalid UTF-8, malformed JSON, nesting deeper than 16, a repeated property, a non-object, a field of the wrong type,
/// or a string that .NET cannot hold. Never throws.
/// </summary>
public static class SubmitMessageJson
{
    // A repeated property would leave it to chance which value counts, and turns metadata into a dictionary that cannot be built.
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    public static SubmitMessageReading Parse(ReadOnlyMemory<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return SubmitMessageReading.Invalid(new() { ["body"] = ["The body is not valid UTF-8."] });
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException exception)
        {
            return SubmitMessageReading.Invalid(new() { ["body"] = [$"The body is not valid JSON: {exception.Message}"] });
        }
        catch (InvalidOperationException)
        {
            var field = FieldWithUnreadableName(body.Span);
            return SubmitMessageReading.Invalid(new() { [field] = [StorableText.Rule(field)] });
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return SubmitMessageReading.Invalid(new() { ["body"] = ["The body must be a JSON object."] });
            }
            var errors = new Dictionary<string, string[]>();
            var message = new SubmitMessageRequest(
                Text(root, "channel", errors),
                Text(root, "recipient", errors),
                Text(root, "subject", errors),
                Text(root, "body", errors),
                Metadata(root, errors));
            return errors.Count > 0 ? SubmitMessageReading.Invalid(errors) : SubmitMessageReading.Read(message);
        }
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
    private static string FieldWithUnreadableName(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = Options.MaxDepth });
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
