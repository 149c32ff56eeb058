namespace Aggregator.Router.Messages;

/// <summary>
/// Reads the body of a message request itself, so that every way a body can be wrong gets its own answer: refused
/// for anything but UTF-8 JSON or past 256 KiB (<see cref="JsonRequestBody"/>), and then whatever
/// <see cref="SubmitMessageJson"/> finds in it.
/// </summary>
public static class SubmitMessageReader
{
    public const int MaxBodyBytes = 256 * 1024;

    public static async Task<SubmitMessageReading> ReadAsync(Stream body, string? contentType, long? contentLength, CancellationToken cancellationToken)
    {
        var (bytes, refusal) = await JsonRequestBody.ReadAsync(body, contentType, contentLength, MaxBodyBytes, cancellationToken);
        return refusal is { } refused ? SubmitMessageReading.Refused(refused) : SubmitMessageJson.Parse(bytes);
    }
}
