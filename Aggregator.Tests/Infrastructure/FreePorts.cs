using System.Net;
using System.Net.Sockets;

namespace Aggregator.Tests.Infrastructure;

/// <summary>Loopback ports for servers a spec starts, and for addresses where nothing listens.</summary>
public static class FreePorts
{
    /// <summary>A port nothing listens on right now (the system's next free one).</summary>
    public static int Take()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>An http address whose connections are refused.</summary>
    public static Uri RefusingAddress() => new($"http://127.0.0.1:{Take()}");
}
