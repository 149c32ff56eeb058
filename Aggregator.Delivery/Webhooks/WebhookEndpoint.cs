namespace Aggregator.Delivery.Webhooks;

/// <summary>A client's registered receiver of status events, with how its deliveries have been going.</summary>
public sealed class WebhookEndpoint
{
    public Guid Id { get; set; }

    /// <summary>The API key's name that registered it ("anonymous" while keys are off): it hears of that key's messages only.</summary>
    public string Owner { get; set; } = "";

    /// <summary>Where events are posted, as the client gave it; it may name a person (a host or path), so it is never logged.</summary>
    public string Url { get; set; } = "";

    /// <summary>The event types it hears (<see cref="WebhookEvents"/>).</summary>
    public string[] Events { get; set; } = [];

    /// <summary>The signing secret, <c>whsec_…</c>, encrypted (<see cref="Data.ProtectedText"/>).</summary>
    public string Secret { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Tries that failed since the last success.</summary>
    public int ConsecutiveFailures { get; set; }

    /// <summary>When the first of those failed tries began; null while deliveries succeed.</summary>
    public DateTimeOffset? FailingSince { get; set; }

    /// <summary>What the last failed try met ("HTTP 503", "no answer within 00:00:10", …).</summary>
    public string? LastFailure { get; set; }

    /// <summary>Set once the endpoint had failed for longer than <c>Webhooks:GiveUpAfter</c>: it hears nothing more.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
}
