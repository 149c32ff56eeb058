using Aggregator.ServiceDefaults;
using MassTransit;

namespace Aggregator.Delivery.Webhooks;

public static class WebhookExtensions
{
    /// <summary>
    /// Status webhooks: their options, registry, HTTP client, the <see cref="StatusEvents.IStatusListeners"/> the saga and
    /// consumers ask before publishing, and the two consumers on their own queues.
    /// </summary>
    public static void AddWebhooks(this IBusRegistrationConfigurator bus)
    {
        bus.AddValidatedOptions<WebhookOptions>(WebhookOptions.Section)
            .PostConfigure(options => options.RetryIntervals = options.RetryIntervals.Length > 0 ? options.RetryIntervals : WebhookOptions.DefaultRetryIntervals);
        bus.AddSingleton<WebhookListeners>();
        bus.AddSingleton<StatusEvents.IStatusListeners>(services => services.GetRequiredService<WebhookListeners>());
        bus.AddHostedService(services => services.GetRequiredService<WebhookListeners>());
        bus.AddSingleton<WebhookAddressGuard>();
        bus.AddSingleton<WebhookSender>();
        bus.AddScoped<WebhookRegistry>();
        bus.AddScoped<WebhookEndpointHealth>();
        WebhookHttpClient.Add(bus);
        bus.AddConsumer<WebhookEventConsumer, WebhookEventConsumerDefinition>();
        bus.AddConsumer<WebhookDeliveryConsumer, WebhookDeliveryConsumerDefinition>();
    }
}
