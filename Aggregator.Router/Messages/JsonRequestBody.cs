using Microsoft.Net.Http.Headers;

namespace Aggregator.Router.Messages;

/// <summary>
/// Takes in the bytes of a JSON request up to a limit: refused for anything but UTF-8 JSON or past the limit, without
/// ever holding more than one chunk past it.
/// </summary>
public static class JsonRequestBody
{
    /// <summary>The body, or why it was refused.</summary>
    public static async Task<(ReadOnlyMemory<byte> Bytes, ReadingRefusal? Refusal)> ReadAsync(
        Stream body, string? contentType, long? contentLength, int maxBytes, CancellationToken cancellationToken)
    {
        if (!IsJson(contentType))
        {
            return (default, ReadingRefusal.NotJson);
        }
        if (contentLength > maxBytes)
        {
            return (default, ReadingRefusal.TooLarge);
        }
        var bytes = await ReadCappedAsync(body, maxBytes, cancellationToken);
        return bytes is null ? (default, ReadingRefusal.TooLarge) : (bytes.Value, null);
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

    private static async Task<ReadOnlyMemory<byte>?> ReadCappedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
