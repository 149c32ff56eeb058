namespace Aggregator.Delivery.Receipts;

/// <summary>
/// What a provider's receipt says happened to a message, in the contract's words. Receipts arrive out of order, so a
/// status only ever replaces one earlier in <see cref="Order"/>: a late <c>sent</c> never hides <c>delivered</c>, and
/// proof of delivery outranks a failure reported before it.
/// </summary>
public static class ProviderStatus
{
    public static readonly string[] Order = ["sent", "failed", "undelivered", "delivered", "read"];

    /// <summary>
    /// The contract's status for a Twilio <c>MessageStatus</c> or a Meta <c>statuses[].status</c>; null for the ones
    /// before sending (<c>queued</c>, <c>accepted</c>, <c>sending</c>, …) and any we do not know, which change nothing.
    /// </summary>
    public static string? From(string? providerStatus) => providerStatus?.ToLowerInvariant() switch
    {
        "sent" => "sent",
        "delivered" => "delivered",
        "read" => "read",
        "undelivered" => "undelivered",
        "failed" => "failed",
        _ => null,
    };

    /// <summary>The later of two statuses in <see cref="Order"/>.</summary>
    public static string? Latest(string? a, string? b) => Rank(b) > Rank(a) ? b : a;

    private static int Rank(string? status) => status is null ? -1 : Array.IndexOf(Order, status);
}
