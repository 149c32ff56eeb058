using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Aggregator.Router.Messages;

/// <summary>
/// Reads the body of <c>POST /api/v1/messages</c> itself, so that every way a body can be wrong gets its own
/// answer: 415 for anything but UTF-8 JSON, 413 past 256 KiB, 400 naming the problem for malformed JSON,
/// invalid UTF-8, deep nesting, a non-object or a field of the wrong type.
/// </summary>
public static class SubmitMessageReader
{
    public const int MaxBodyBytes = 256 * 1024;

    // A repeated property would leave it to chance which value counts, and turns metadata into a dictionary that cannot be built.
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    public static async Task<SubmitMessageReading> ReadAsync(HttpRequest request)
    {
        if (!IsJson(request.ContentType))
        {
            return SubmitMessageReading.Refused(StatusCodes.Status415UnsupportedMediaType, "The body must be JSON.",
                "Send the message as application/json in UTF-8.");
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        var body = await ReadCappedAsync(request.Body, request.HttpContext.RequestAborted);
        if (body is null)
        {
            return TooLarge();
        }

        if (!System.Text.Unicode.Utf8.IsValid(body.Value.Span))
        {
            return SubmitMessageReading.Invalid(new() { ["body"] = ["The body is not valid UTF-8."] });
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Value, Options);
        }
        catch (JsonException exception)
        {
            return SubmitMessageReading.Invalid(new() { ["body"] = [$"The body is not valid JSON: {exception.Message}"] });
        }
        catch (InvalidOperationException)
        {
            var field = FieldWithUnreadableName(body.Value.Span);
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

    private static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }
        var charset = mediaType.Charset.Value;
        return (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
            && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The body, or null when it is longer than the limit; never reads more than one byte past it.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadCappedAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
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
        if (!StorableText.TryRead(value, out var text))
        {
            errors[field] = [StorableText.Rule(field)];
        }
        return text;
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

    private static SubmitMessageReading TooLarge() => SubmitMessageReading.Refused(StatusCodes.Status413PayloadTooLarge,
        "The body is too large.", $"A message request may be at most {MaxBodyBytes / 1024} KiB.");
}

/// <summary>What reading the body gave: a request, field errors (400), or a refusal with its own status.</summary>
public sealed record SubmitMessageReading(SubmitMessageRequest? Request, Dictionary<string, string[]>? Errors, int Status, string? Title, string? Detail)
{
    public static SubmitMessageReading Read(SubmitMessageRequest request) => new(request, null, StatusCodes.Status200OK, null, null);

    public static SubmitMessageReading Invalid(Dictionary<string, string[]> errors) => new(null, errors, StatusCodes.Status400BadRequest, null, null);

    public static SubmitMessageReading Refused(int status, string title, string detail) => new(null, null, status, title, detail);
}
