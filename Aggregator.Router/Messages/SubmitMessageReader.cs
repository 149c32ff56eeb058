using Microsoft.Net.Http.Headers;

namespace Aggregator.Router.Messages;

/// <summary>
/// Reads the body of a message request itself, so that every way a body can be wrong gets its own answer: refused
/// for anything but UTF-8 JSON or past 256 KiB, and then whatever <see cref="SubmitMessageJson"/> finds in it.
/// </summary>
public static class SubmitMessageReader
{
    public const int MaxBodyBytes = 256 * 1024;

    public static async Task<SubmitMessageReading> ReadAsync(Stream body, string? contentType, long? contentLength, CancellationToken cancellationToken)
    {
        if (!IsJson(contentType))
        {
            return SubmitMessageReading.Refused(ReadingRefusal.NotJson);
        }
        if (contentLength > MaxBodyBytes)
        {
            return SubmitMessageReading.Refused(ReadingRefusal.TooLarge);
        }
        var bytes = await ReadCappedAsync(body, cancellationToken);
        return bytes is null ? SubmitMessageReading.Refused(ReadingRefusal.TooLarge) : SubmitMessageJson.Parse(bytes.Value);
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

    /// <summary>The body, or null when it is longer than the limit; never reads more than one chunk past it.</summary>
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
}
