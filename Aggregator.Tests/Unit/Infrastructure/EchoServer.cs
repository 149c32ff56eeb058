using System.Net;
using System.Net.Sockets;

namespace Aggregator.Tests.Unit.Infrastructure;

/// <summary>A TCP server that sends every byte back, counting the connections and bytes that reached it.</summary>
public sealed class EchoServer : IAsyncDisposable
{
    private readonly Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> connections = [];
    private readonly Task accepting;
    private int accepted;
    private long received;

    public EchoServer()
    {
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        accepting = AcceptAsync();
    }

    public int Port { get; }

    public int Accepted => Volatile.Read(ref accepted);

    public long Received => Interlocked.Read(ref received);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var connection = await listener.AcceptAsync(stopping.Token);
                Interlocked.Increment(ref accepted);
                lock (connections)
                {
                    connections.Add(EchoAsync(connection));
                }
            }
        }
        catch (Exception exception) when (stopping.IsCancellationRequested && exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task EchoAsync(Socket connection)
    {
        using var _ = connection;
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = await connection.ReceiveAsync(buffer, SocketFlags.None, stopping.Token)) > 0)
            {
                Interlocked.Add(ref received, read);
                await connection.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stopping.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException)
        {
            // Reset by the proxy, or the server is stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Dispose();
        await accepting;
        Task[] running;
        lock (connections)
        {
            running = [.. connections];
        }
        await Task.WhenAll(running);
        stopping.Dispose();
    }
}
