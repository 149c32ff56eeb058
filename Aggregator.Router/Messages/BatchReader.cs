using System.Text.Json;
using Aggregator.Router.Idempotency;

namespace Aggregator.Router.Messages;

/// <summary>
/// Reads the body of a batch request, <c>{ "messages": [ … ] }</c>: refused as a whole for anything but UTF-8 JSON,
/// past 4 MiB, malformed, or with no list of 1 to 500 messages; otherwise each item is read as a single request's
/// body is (<see cref="SubmitMessageJson"/>), with its own <c>idempotencyKey</c>, and answered on its own.
/// </summary>
public static class BatchReader
{
    public const int MaxMessages = 500;

    /// <summary>500 messages of about 8 KiB each; a batch of long e-mails is better sent in parts than held whole in memory.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    public const string IdempotencyKeyField = "idempotencyKey";

    public static async Task<BatchReading> ReadAsync(Stream body, string? contentType, long? contentLength, CancellationToken cancellationToken)
    {
        var (bytes, refusal) = await JsonRequestBody.ReadAsync(body, contentType, contentLength, MaxBodyBytes, cancellationToken);
        return refusal is { } refused ? BatchReading.Refused(refused) : Parse(bytes);
    }

    public static BatchReading Parse(ReadOnlyMemory<byte> body)
    {
        // The body and its list take two levels more than one message's body.
        using var document = SubmitMessageJson.ParseDocument(body, SubmitMessageJson.MaxDepth + 2, out var errors);
        if (document is null)
        {
            return BatchReading.Invalid(errors!);
        }
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return BatchReading.Invalid(new() { ["body"] = ["The body must be a JSON object."] });
        }
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array
            || messages.GetArrayLength() is 0 or > MaxMessages)
        {
            return BatchReading.Invalid(new() { ["messages"] = [$"messages must be a list of 1 to {MaxMessages} messages."] });
        }
        return BatchReading.Read(messages.EnumerateArray().Select(Item).ToList());
    }

    private static BatchItemReading Item(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return new(SubmitMessageReading.Invalid(new() { ["message"] = ["Each message must be a JSON object."] }), null);
        }
        var message = SubmitMessageJson.Read(item);
        if (!item.TryGetProperty(IdempotencyKeyField, out var key) || key.ValueKind == JsonValueKind.Null)
        {
            return new(message, null);
        }
        if (key.ValueKind == JsonValueKind.String && StorableJson.TryRead(key, out var text) && IdempotencyKey.IsValid(text))
        {
            return new(message, text);
        }
        var errors = message.Errors ?? [];
        errors[IdempotencyKeyField] = [$"{IdempotencyKeyField} must be a string of 1 to 255 printable ASCII characters."];
        return new(SubmitMessageReading.Invalid(errors), null);
    }
}

/// <summary>What reading a batch gave: its items, errors of the body as a whole, or a refusal of the body.</summary>
public sealed record BatchReading(IReadOnlyList<BatchItemReading>? Items, Dictionary<string, string[]>? Errors, ReadingRefusal? Refusal)
{
    public static BatchReading Read(IReadOnlyList<BatchItemReading> items) => new(items, null, null);

    public static BatchReading Invalid(Dictionary<string, string[]> errors) => new(null, errors, null);

    public static BatchReading Refused(ReadingRefusal refusal) => new(null, null, refusal);
}

/// <summary>One item of a batch as read: a request or its errors, and the item's own <c>Idempotency-Key</c>.</summary>
public sealed record BatchItemReading(SubmitMessageReading Message, string? IdempotencyKey);
