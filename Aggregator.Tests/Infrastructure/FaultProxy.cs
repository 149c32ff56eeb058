using System.Net;
using System.Net.Sockets;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// A TCP forwarder on 127.0.0.1 between the services of one test and one real server, so that the test can take
/// the server away for itself alone: refuse, stall or cut connections while the shared server, and every other
/// run using it, carries on. Start it, point the service at <see cref="Host"/>:<see cref="Port"/>, switch modes.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly Socket listener;
    private readonly IPAddress[] target;
    private readonly int targetPort;
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock sync = new();
    private readonly Dictionary<ProxiedConnection, Task> connections = [];
    private readonly Task accepting;
    private bool refusing;
    private TaskCompletionSource flowing = Open();

    private FaultProxy(Socket listener, IPAddress[] target, int targetPort)
    {
        this.listener = listener;
        this.target = target;
        this.targetPort = targetPort;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        accepting = AcceptAsync();
    }

    public string Host => IPAddress.Loopback.ToString();

    public int Port { get; }

    public static async Task<FaultProxy> StartAsync(string host, int port)
    {
        // IPv4 first: the servers here all listen on it, and a refused ::1 would cost every connection a detour.
        var addresses = (await Dns.GetHostAddressesAsync(host)).OrderBy(a => a.AddressFamily != AddressFamily.InterNetwork).ToArray();
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(128);
        return new FaultProxy(listener, addresses, port);
    }

    /// <summary>Bytes flow: stalled connections go on, new ones are forwarded.</summary>
    public void Pass()
    {
        lock (sync)
        {
            refusing = false;
            flowing.TrySetResult();
        }
    }

    /// <summary>Like a server that is down: every connection is reset, now and whenever one is opened.</summary>
    public void Refuse()
    {
        ProxiedConnection[] current;
        lock (sync)
        {
            refusing = true;
            Hold();
            current = [.. connections.Keys];
        }
        Abort(current);
    }

    /// <summary>Like a frozen server: connections stay open, new ones are accepted, and not a byte moves either way.</summary>
    public void Stall()
    {
        lock (sync)
        {
            refusing = false;
            Hold();
        }
    }

    /// <summary>Like a network blip: every current connection is reset once; new ones pass.</summary>
    public void Cut()
    {
        ProxiedConnection[] current;
        lock (sync)
        {
            current = [.. connections.Keys];
            refusing = false;
            flowing.TrySetResult();
        }
        Abort(current);
    }

    private static TaskCompletionSource Open()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    private void Hold()
    {
        if (flowing.Task.IsCompleted)
        {
            flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private Task WhenFlowingAsync(CancellationToken cancellationToken)
    {
        Task gate;
        lock (sync)
        {
            gate = flowing.Task;
        }
        return gate.WaitAsync(cancellationToken);
    }

    // Outside the lock: an abort may finish a connection on this very thread, and its end takes the lock.
    private static void Abort(IEnumerable<ProxiedConnection> connections)
    {
        foreach (var connection in connections)
        {
            connection.Abort();
        }
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping.Token);
            }
            catch (Exception exception) when (stopping.IsCancellationRequested && exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            lock (sync)
            {
                if (refusing || stopping.IsCancellationRequested)
                {
                    ProxiedConnection.Reset(client);
                    continue;
                }
                var connection = new ProxiedConnection(client);
                connections.Add(connection, ForwardAsync(connection));
            }
        }
    }

    private async Task ForwardAsync(ProxiedConnection connection)
    {
        // Off the accept loop's lock: the connection's work starts once the dictionary holds it.
        await Task.Yield();
        try
        {
            await connection.ForwardAsync(target, targetPort, WhenFlowingAsync);
        }
        finally
        {
            lock (sync)
            {
                connections.Remove(connection);
            }
            connection.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Dictionary<ProxiedConnection, Task> current;
        lock (sync)
        {
            if (stopping.IsCancellationRequested)
            {
                return;
            }
            stopping.Cancel();
            current = new(connections);
        }
        listener.Dispose();
        Abort(current.Keys);
        await accepting;
        await Task.WhenAll(current.Values);
    }
}
