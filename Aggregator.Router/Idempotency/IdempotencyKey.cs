namespace Aggregator.Router.Idempotency;

/// <summary>The <c>Idempotency-Key</c> header (IETF httpapi draft): 1 to 255 printable ASCII characters.</summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotency-Replayed";

    public static bool IsValid(string? key) => key is { Length: >= 1 and <= 255 } && key.All(c => c is >= '!' and <= '~' or ' ');
}
