using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Webhooks;

/// <summary>
/// The webhooks' own HttpClient and connection pool, apart from the providers': redirects are not followed (a 3xx is
/// a failure, never a way around the address rules), no proxy or cookies, every connection through
/// <see cref="WebhookAddressGuard"/>, and no request logging (a URL may hold a token or a name).
/// </summary>
public static class WebhookHttpClient
{
    public const string Name = "webhooks";

    public static void Add(IServiceCollection services) =>
        services.AddHttpClient(Name)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                // Names are resolved again (and checked again) at least this often.
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectCallback = provider.GetRequiredService<WebhookAddressGuard>().ConnectAsync,
            })
            .RemoveAllLoggers();
}
