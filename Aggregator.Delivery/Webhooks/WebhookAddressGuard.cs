using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Webhooks;

/// <summary>
/// Keeps webhooks out of private networks while <c>Webhooks:AllowPrivateNetworks</c> is off: at registration the host
/// is resolved and every address checked, and every connection checks again the addresses it is about to use, so a name
/// that resolved to a public address then and to a private one now (DNS rebinding) is refused too.
/// </summary>
public sealed class WebhookAddressGuard(IOptions<WebhookOptions> options)
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(3);

    private bool Allowed => options.Value.AllowPrivateNetworks;

    /// <summary>Why <paramref name="url"/> may not be registered, or null when it may.</summary>
    public async Task<string?> RefusalAsync(Uri url, CancellationToken cancellationToken)
    {
        if (Allowed)
        {
            return null;
        }
        IPAddress[] addresses;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ResolveTimeout);
            addresses = await ResolveAsync(url.IdnHost, timeout.Token);
        }
        catch (Exception exception) when (exception is SocketException or ArgumentException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"The host '{url.IdnHost}' could not be resolved.";
        }
        return addresses.Length == 0 ? $"The host '{url.IdnHost}' could not be resolved."
            : addresses.Any(a => !PublicAddresses.IsPublic(a)) ? PrivateRefusal(url.IdnHost)
            : null;
    }

    /// <summary>The HTTP client's way to the receiver: resolves once, checks, and connects to exactly the addresses checked.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, cancellationToken);
        if (!Allowed && addresses.Any(a => !PublicAddresses.IsPublic(a)))
        {
            throw new WebhookAddressRefusedException(PrivateRefusal(host));
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);

    private static string PrivateRefusal(string host) =>
        $"The host '{host}' is or resolves to a private, loopback, link-local or otherwise non-public address.";
}

/// <summary>A connection the guard refused: the receiver's host is, or now resolves to, a non-public address.</summary>
public sealed class WebhookAddressRefusedException(string message) : Exception(message);
