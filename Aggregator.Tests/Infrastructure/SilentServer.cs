using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// A server that accepts TCP connections on a free loopback port and never says a word: an SMTP server that hangs
/// before its greeting. It holds every connection open until it is disposed.
/// </summary>
public sealed class SilentServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentBag<TcpClient> held = [];
    private readonly Task accepting;
    private int accepted;

    public SilentServer()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public int Accepted => accepted;

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        await accepting;
        foreach (var client in held)
        {
            client.Dispose();
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                held.Add(await listener.AcceptTcpClientAsync());
                Interlocked.Increment(ref accepted);
            }
        }
        catch (Exception stopped) when (stopped is SocketException or ObjectDisposedException)
        {
        }
    }
}
