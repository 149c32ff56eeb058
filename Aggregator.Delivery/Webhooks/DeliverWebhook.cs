namespace Aggregator.Delivery.Webhooks;

/// <summary>
/// One event for one endpoint: Delivery's own command on the deliveries queue, sent again through the scheduler for
/// every retry with <see cref="Try"/> one higher. It names the endpoint, never its address or secret.
/// </summary>
public sealed record DeliverWebhook
{
    public required Guid EndpointId { get; init; }

    /// <summary>The event's id: <c>webhook-id</c> is made from it, the same on every try.</summary>
    public required Guid EventId { get; init; }

    public required string Type { get; init; }

    public required Guid MessageId { get; init; }

    /// <summary>The JSON posted, built once per event; every try sends exactly these characters as UTF-8.</summary>
    public required string Body { get; init; }

    /// <summary>When the first try began; null until it has.</summary>
    public DateTimeOffset? FirstTriedAt { get; init; }

    /// <summary>1 for the first try.</summary>
    public int Try { get; init; } = 1;
}
