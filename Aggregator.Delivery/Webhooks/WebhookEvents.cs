namespace Aggregator.Delivery.Webhooks;

/// <summary>The event types an endpoint can hear (CONTRACT.md, "Status webhooks").</summary>
public static class WebhookEvents
{
    public static readonly IReadOnlyList<string> All =
        ["message.delivered", "message.failed", "message.retrying", "message.expired", "message.cancelled", "message.receipt"];

    public static bool IsKnown(string type) => All.Contains(type, StringComparer.Ordinal);
}
