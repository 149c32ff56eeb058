using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Contracts;
using MassTransit;

namespace Aggregator.Tests.Infrastructure;

/// <summary>The Delivery service's webhook API as a client uses it, and status events as the saga would publish them.</summary>
public static class WebhookCalls
{
    public static Task<HttpResponseMessage> RegisterWebhookAsync(this HttpClient delivery, string? key, object registration) =>
        delivery.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks") { Content = JsonContent.Create(registration) }.With(key));

    /// <summary>Registers and returns the 201's body (<c>id</c>, <c>secret</c>, …).</summary>
    public static async Task<JsonElement> RegisteredWebhookAsync(this HttpClient delivery, string? key, string url, params string[] events)
    {
        var response = await delivery.RegisterWebhookAsync(key, new { url, events = events.Length == 0 ? ["message.delivered"] : events });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    public static async Task<List<JsonElement>> WebhooksAsync(this HttpClient delivery, string? key)
    {
        var response = await delivery.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/webhooks").With(key));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (await response.JsonAsync()).GetProperty("items").EnumerateArray().ToList();
    }

    public static async Task<JsonElement?> WebhookAsync(this HttpClient delivery, string? key, JsonElement registered) =>
        (await delivery.WebhooksAsync(key)).Cast<JsonElement?>()
            .SingleOrDefault(e => e!.Value.GetProperty("id").GetGuid() == registered.GetProperty("id").GetGuid());

    public static Task<HttpResponseMessage> DeleteWebhookAsync(this HttpClient delivery, string? key, Guid id) =>
        delivery.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/webhooks/{id}").With(key));

    public static MessageStatusChanged StatusChanged(string submittedBy, string type = "message.delivered", string state = "Delivered") => new()
    {
        EventId = NewId.NextGuid(),
        Type = type,
        MessageId = NewId.NextGuid(),
        TraceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString(),
        Channel = MessageChannel.Whatsapp,
        State = state,
        Attempts = 2,
        ProviderStatus = "delivered",
        SubmittedBy = submittedBy,
        OccurredAt = DateTimeOffset.UtcNow,
    };
}
