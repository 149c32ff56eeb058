using System.Net;
using System.Net.Sockets;

namespace Aggregator.Delivery.Webhooks;

/// <summary>
/// Which addresses a webhook may reach while <c>Webhooks:AllowPrivateNetworks</c> is off: none in a private, loopback,
/// link-local, unique-local, multicast, unspecified or otherwise reserved range, in IPv4 or IPv6 (an IPv4 address
/// mapped into IPv6 counts as the IPv4 one), so a client cannot make the service post into the network it runs in.
/// </summary>
public static class PublicAddresses
{
    private static readonly (IPAddress Network, int Bits)[] NonPublicV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8),        // "this network", unspecified
        (IPAddress.Parse("10.0.0.0"), 8),       // private
        (IPAddress.Parse("100.64.0.0"), 10),    // carrier-grade NAT
        (IPAddress.Parse("127.0.0.0"), 8),      // loopback
        (IPAddress.Parse("169.254.0.0"), 16),   // link-local, cloud metadata services
        (IPAddress.Parse("172.16.0.0"), 12),    // private
        (IPAddress.Parse("192.0.0.0"), 24),     // IETF protocol assignments
        (IPAddress.Parse("192.168.0.0"), 16),   // private
        (IPAddress.Parse("198.18.0.0"), 15),    // benchmarking
        (IPAddress.Parse("224.0.0.0"), 4),      // multicast
        (IPAddress.Parse("240.0.0.0"), 4),      // reserved, broadcast
    ];

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => !NonPublicV4.Any(range => InRange(address, range.Network, range.Bits)),
            AddressFamily.InterNetworkV6 => IsPublicV6(address),
            _ => false,
        };
    }

    private static bool IsPublicV6(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        var uniqueLocal = (bytes[0] & 0xFE) == 0xFC;
        return !(address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback) || address.IsIPv6LinkLocal
            || address.IsIPv6SiteLocal || address.IsIPv6Multicast || uniqueLocal
            // ::a.b.c.d, the deprecated IPv4-compatible form, reaches IPv4 hosts on some stacks.
            || bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0);
    }

    private static bool InRange(IPAddress address, IPAddress network, int bits)
    {
        var value = (uint)IPAddress.NetworkToHostOrder(BitConverter.ToInt32(address.GetAddressBytes()));
        var start = (uint)IPAddress.NetworkToHostOrder(BitConverter.ToInt32(network.GetAddressBytes()));
        var mask = uint.MaxValue << (32 - bits);
        return (value & mask) == start;
    }
}
