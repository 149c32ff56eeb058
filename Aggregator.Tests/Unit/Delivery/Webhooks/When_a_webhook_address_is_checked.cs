using System.Net;
using Aggregator.Delivery.Webhooks;

namespace Aggregator.Tests.Unit.Delivery.Webhooks;

public class When_a_webhook_address_is_checked
{
    [TestCase("127.0.0.1")]
    [TestCase("127.255.0.9")]
    [TestCase("10.1.2.3")]
    [TestCase("172.16.0.1")]
    [TestCase("172.31.255.255")]
    [TestCase("192.168.1.1")]
    [TestCase("169.254.169.254")]
    [TestCase("100.64.0.1")]
    [TestCase("0.0.0.0")]
    [TestCase("224.0.0.1")]
    [TestCase("239.255.255.250")]
    [TestCase("255.255.255.255")]
    [TestCase("::")]
    [TestCase("::1")]
    [TestCase("fe80::1")]
    [TestCase("fc00::1")]
    [TestCase("fd12:3456::1")]
    [TestCase("ff02::1")]
    [TestCase("::ffff:127.0.0.1")]
    [TestCase("::ffff:10.0.0.1")]
    [TestCase("::127.0.0.1")]
    public void Should_refuse_a_non_public_address(string address) =>
        Assert.That(PublicAddresses.IsPublic(IPAddress.Parse(address)), Is.False);

    [TestCase("8.8.8.8")]
    [TestCase("93.184.215.14")]
    [TestCase("172.32.0.1")]
    [TestCase("100.128.0.1")]
    [TestCase("2606:4700:4700::1111")]
    [TestCase("::ffff:8.8.8.8")]
    public void Should_allow_a_public_address(string address) =>
        Assert.That(PublicAddresses.IsPublic(IPAddress.Parse(address)), Is.True);
}
