using Aggregator.Delivery.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.Webhooks;

/// <summary>A key's webhook endpoints: registered, listed and deleted by their owner only.</summary>
public sealed class WebhookRegistry(DeliveryDbContext db, ProtectedText text, WebhookListeners listeners, TimeProvider clock, ILogger<WebhookRegistry> logger)
{
    public async Task<RegisteredWebhook> RegisterAsync(string owner, Uri url, IReadOnlyList<string> events, CancellationToken cancellationToken)
    {
        var secret = WebhookSecret.New();
        var endpoint = new WebhookEndpoint
        {
            Id = NewId.NextGuid(),
            Owner = owner,
            Url = url.OriginalString,
            Events = [.. events],
            Secret = text.Protect(ProtectedColumn.WebhookSecret, secret),
            CreatedAt = clock.GetUtcNow(),
        };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        listeners.Registered();
        logger.LogInformation("Webhook endpoint {EndpointId} registered by {Owner} for {Events}", endpoint.Id, owner, endpoint.Events);
        return new RegisteredWebhook(endpoint.Id, endpoint.Url, endpoint.Events, secret);
    }

    public async Task<List<WebhookEndpointView>> ListAsync(string owner, CancellationToken cancellationToken)
    {
        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.Owner == owner)
            .OrderBy(e => e.CreatedAt)
            .ToListAsync(cancellationToken);
        return endpoints.Select(WebhookEndpointView.From).ToList();
    }

    /// <summary>False when <paramref name="id"/> is unknown or another key's: the caller cannot tell the two apart.</summary>
    public async Task<bool> DeleteAsync(string owner, Guid id, CancellationToken cancellationToken)
    {
        var deleted = await db.WebhookEndpoints.Where(e => e.Id == id && e.Owner == owner).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return false;
        }
        logger.LogInformation("Webhook endpoint {EndpointId} deleted by {Owner}", id, owner);
        await listeners.RefreshAsync(cancellationToken);
        return true;
    }
}

/// <summary>The answer to a registration: the only time the secret is shown.</summary>
public sealed record RegisteredWebhook(Guid Id, string Url, IReadOnlyList<string> Events, string Secret);

/// <summary>An endpoint as its owner lists it: no secret, with how its deliveries are going.</summary>
public sealed record WebhookEndpointView(
    Guid Id,
    string Url,
    IReadOnlyList<string> Events,
    DateTimeOffset CreatedAt,
    int ConsecutiveFailures,
    DateTimeOffset? FailingSince,
    string? LastFailure,
    bool Disabled,
    DateTimeOffset? DisabledAt)
{
    public static WebhookEndpointView From(WebhookEndpoint e) => new(
        e.Id, e.Url, e.Events, e.CreatedAt, e.ConsecutiveFailures, e.FailingSince, e.LastFailure, e.DisabledAt is not null, e.DisabledAt);
}
