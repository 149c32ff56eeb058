namespace Aggregator.Router.Messages;

/// <summary>What reading a body gave: a request, field errors, or a refusal of the body as a whole.</summary>
public sealed record SubmitMessageReading(SubmitMessageRequest? Request, Dictionary<string, string[]>? Errors, ReadingRefusal? Refusal)
{
    public static SubmitMessageReading Read(SubmitMessageRequest request) => new(request, null, null);

    public static SubmitMessageReading Invalid(Dictionary<string, string[]> errors) => new(null, errors, null);

    public static SubmitMessageReading Refused(ReadingRefusal refusal) => new(null, null, refusal);
}

public enum ReadingRefusal
{
    /// <summary>Not JSON in UTF-8, going by its content type.</summary>
    NotJson,

    /// <summary>Longer than the limit of its endpoint (<see cref="SubmitMessageReader.MaxBodyBytes"/>, <see cref="BatchReader.MaxBodyBytes"/>).</summary>
    TooLarge,
}
