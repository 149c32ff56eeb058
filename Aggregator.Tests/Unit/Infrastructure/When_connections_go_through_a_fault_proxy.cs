using System.Net;
using System.Net.Sockets;
using System.Text;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Unit.Infrastructure;

/// <summary>The outage specs' proxy against a local echo server: each mode, and the way back to passing.</summary>
public class When_connections_go_through_a_fault_proxy
{
    /// <summary>Long enough for a byte to cross the loopback many times over; only ever waited out when nothing must arrive.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private EchoServer echo = null!;
    private FaultProxy proxy = null!;

    [SetUp]
    public async Task StartEchoBehindProxy()
    {
        echo = new EchoServer();
        proxy = await FaultProxy.StartAsync("127.0.0.1", echo.Port);
    }

    [TearDown]
    public async Task Stop()
    {
        await proxy.DisposeAsync();
        await echo.DisposeAsync();
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, proxy.Port);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task SendAsync(Socket socket, string text) =>
        await socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None);

    /// <summary>Reads until <paramref name="length"/> bytes have come back.</summary>
    private static async Task<string> ReceiveAsync(Socket socket, int length)
    {
        var buffer = new byte[length];
        var read = 0;
        while (read < length)
        {
            var chunk = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None);
            if (chunk == 0)
            {
                throw new IOException($"Closed after {read} of {length} bytes.");
            }
            read += chunk;
        }
        return Encoding.ASCII.GetString(buffer);
    }

    private static async Task<string> EchoAsync(Socket socket, string text)
    {
        await SendAsync(socket, text);
        return await ReceiveAsync(socket, text.Length).WaitAsync(Patience);
    }

    /// <summary>True when the other end closed or reset the connection.</summary>
    private static async Task<bool> ClosedAsync(Socket socket)
    {
        try
        {
            return await socket.ReceiveAsync(new byte[1], SocketFlags.None).WaitAsync(Patience) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    /// <summary>True when a new connection is reset, during the handshake or at its first read.</summary>
    private async Task<bool> RefusedAsync()
    {
        Socket socket;
        try
        {
            socket = await ConnectAsync();
        }
        catch (SocketException)
        {
            return true;
        }
        using (socket)
        {
            return await ClosedAsync(socket);
        }
    }

    private static async Task<bool> StillWaitingAsync(Task read)
    {
        try
        {
            await read.WaitAsync(Quiet);
            return false;
        }
        catch (TimeoutException)
        {
            return true;
        }
    }

    [Test]
    public async Task Should_carry_bytes_both_ways_while_passing()
    {
        using var first = await ConnectAsync();
        using var second = await ConnectAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(await EchoAsync(first, "one"), Is.EqualTo("one"));
            Assert.That(await EchoAsync(second, "two"), Is.EqualTo("two"));
            Assert.That(await EchoAsync(first, "three"), Is.EqualTo("three"));
            Assert.That(echo.Accepted, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Should_reset_open_and_new_connections_while_refusing_and_forward_again_after_pass()
    {
        using var open = await ConnectAsync();
        await EchoAsync(open, "before");

        proxy.Refuse();
        var openClosed = await ClosedAsync(open);
        var refusedClosed = await RefusedAsync();
        proxy.Pass();
        using var after = await ConnectAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(openClosed, Is.True, "the open connection survived Refuse");
            Assert.That(refusedClosed, Is.True, "a connection opened while refusing was not reset");
            Assert.That(await EchoAsync(after, "after"), Is.EqualTo("after"));
            Assert.That(echo.Accepted, Is.EqualTo(2), "a refused connection reached the server");
        });
    }

    [Test]
    public async Task Should_hold_every_byte_while_stalled_and_deliver_them_after_pass()
    {
        using var open = await ConnectAsync();
        await EchoAsync(open, "before");

        proxy.Stall();
        await SendAsync(open, "held");
        var heldEcho = ReceiveAsync(open, 4);
        using var fresh = await ConnectAsync();
        await SendAsync(fresh, "fresh");
        var freshEcho = ReceiveAsync(fresh, 5);
        var heldWaited = await StillWaitingAsync(heldEcho);
        var freshWaited = await StillWaitingAsync(freshEcho);
        var (acceptedWhileStalled, receivedWhileStalled) = (echo.Accepted, echo.Received);
        proxy.Pass();

        Assert.Multiple(async () =>
        {
            Assert.That(heldWaited && freshWaited, Is.True, "bytes came back while stalled");
            Assert.That(acceptedWhileStalled, Is.EqualTo(1), "a connection opened while stalled reached the server");
            Assert.That(receivedWhileStalled, Is.EqualTo("before".Length), "the server got bytes while stalled");
            Assert.That(await heldEcho.WaitAsync(Patience), Is.EqualTo("held"));
            Assert.That(await freshEcho.WaitAsync(Patience), Is.EqualTo("fresh"));
            Assert.That(echo.Accepted, Is.EqualTo(2));
        });
    }

    [TestCase(false, TestName = "Should_reset_open_connections_once_when_cut_and_pass_new_ones")]
    [TestCase(true, TestName = "Should_reset_stalled_connections_once_when_cut_and_pass_new_ones")]
    public async Task Should_reset_open_connections_once_when_cut_and_pass_new_ones(bool stalled)
    {
        using var open = await ConnectAsync();
        await EchoAsync(open, "before");
        if (stalled)
        {
            proxy.Stall();
        }

        proxy.Cut();
        var openClosed = await ClosedAsync(open);
        using var after = await ConnectAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(openClosed, Is.True, "the open connection survived Cut");
            Assert.That(await EchoAsync(after, "after"), Is.EqualTo("after"));
        });
    }

    [Test]
    public async Task Should_reset_its_connections_and_stop_listening_when_disposed()
    {
        using var open = await ConnectAsync();
        await EchoAsync(open, "before");

        await proxy.DisposeAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(await ClosedAsync(open), Is.True, "a connection outlived the proxy");
            Assert.That(ConnectAsync, Throws.InstanceOf<SocketException>());
        });
    }
}
