using System.Net;
using System.Net.Sockets;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// One client connection of a <see cref="FaultProxy"/> and its own connection to the server, with a pump each way.
/// Every chunk waits at the proxy's gate before it is passed on, which is how a stall holds the bytes back.
/// </summary>
public sealed class ProxiedConnection(Socket client) : IDisposable
{
    private const int ChunkSize = 32 * 1024;

    private readonly Socket server = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    // Never disposed: it holds no timer, and an abort may come from the proxy while the connection is ending.
    private readonly CancellationTokenSource aborted = new();

    public async Task ForwardAsync(IPAddress[] target, int port, Func<CancellationToken, Task> whenFlowing)
    {
        // Small requests and answers (Redis, AMQP frames) would otherwise wait for Nagle's delayed acknowledgements.
        client.NoDelay = true;
        try
        {
            await whenFlowing(aborted.Token);
            await server.ConnectAsync(target, port, aborted.Token);
            await Task.WhenAll(PumpAsync(client, server, whenFlowing), PumpAsync(server, client, whenFlowing));
        }
        catch (Exception exception) when (IsConnectionEnd(exception))
        {
            Abort();
        }
    }

    /// <summary>Resets both sides at once (RST, not FIN), as a crashed server or a broken network would.</summary>
    public void Abort()
    {
        aborted.Cancel();
        Reset(client);
        Reset(server);
    }

    public static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already closed: nothing left to reset.
        }
        socket.Dispose();
    }

    private async Task PumpAsync(Socket from, Socket to, Func<CancellationToken, Task> whenFlowing)
    {
        var chunk = new byte[ChunkSize];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(chunk, SocketFlags.None, aborted.Token);
                await whenFlowing(aborted.Token);
                if (read == 0)
                {
                    // A half-close travels on, so either side may finish first.
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }
                await to.SendAsync(chunk.AsMemory(0, read), SocketFlags.None, aborted.Token);
            }
        }
        catch (Exception exception) when (IsConnectionEnd(exception))
        {
            // One direction failing ends the other too: it could otherwise wait for bytes that never come.
            Abort();
        }
    }

    private static bool IsConnectionEnd(Exception exception) =>
        exception is SocketException or OperationCanceledException or ObjectDisposedException;

    public void Dispose()
    {
        client.Dispose();
        server.Dispose();
    }
}
