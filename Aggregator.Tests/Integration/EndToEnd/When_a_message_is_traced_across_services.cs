using Aggregator.ServiceDefaults.Logging;
using Aggregator.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Integration.EndToEnd;

/// <summary>Router and Delivery ship their real log lines to the Logging service; one trace id then finds them all, in order.</summary>
[Category("Integration")]
public class When_a_message_is_traced_across_services
{
    [Test]
    public async Task Should_show_the_router_and_delivery_lines_in_one_timeline()
    {
        using var logging = new LoggingHost();
        using var loggingClient = logging.CreateClient();
        var shipping = new Dictionary<string, string?>
        {
            ["LogShipping:Url"] = "http://logging",
            ["LogShipping:Period"] = "00:00:00.100",
            ["Serilog:MinimumLevel:Default"] = "Information",
        };
        var toLogging = new LogShippingTransport(logging.Server.CreateHandler());
        using var delivery = new DeliveryHost(shipping, services => services.AddSingleton(toLogging));
        using var router = new RouterHost(shipping, services => services.AddSingleton(toLogging));
        using var deliveryClient = delivery.CreateClient();
        using var routerClient = router.CreateClient();

        var accepted = await (await routerClient.PostMessageAsync(DeliveryApi.Simulated("fail-times:1"))).JsonAsync();
        var traceId = accepted.GetProperty("traceId").GetString();
        await deliveryClient.WaitForStateAsync(accepted.GetProperty("messageId").GetGuid(), "Delivered", TimeSpan.FromSeconds(30));

        var trace = await Eventually.Get(async () =>
        {
            var response = await loggingClient.GetAsync($"/api/v1/traces/{traceId}");
            if (!response.IsSuccessStatusCode)
            {
                return (false, default);
            }
            var body = await response.JsonAsync();
            return (body.GetProperty("entries").EnumerateArray().Any(e => e.GetProperty("message").GetString()!.Contains("-> Delivered")), body);
        }, TimeSpan.FromSeconds(30), $"trace {traceId} to hold the delivery");
        var entries = trace.GetProperty("entries").EnumerateArray().ToList();
        var accept = entries.FindIndex(e => e.GetProperty("service").GetString() == "router" && e.GetProperty("message").GetString()!.StartsWith("Accepted"));
        var retry = entries.FindIndex(e => e.GetProperty("message").GetString()!.Contains("-> Retrying"));
        var done = entries.FindIndex(e => e.GetProperty("message").GetString()!.Contains("-> Delivered"));

        Assert.Multiple(() =>
        {
            Assert.That(trace.GetProperty("services").EnumerateArray().Select(s => s.GetString()), Is.SupersetOf(new[] { "router", "delivery" }));
            Assert.That(accept, Is.GreaterThanOrEqualTo(0));
            Assert.That(retry, Is.GreaterThan(accept));
            Assert.That(done, Is.GreaterThan(retry));
            Assert.That(entries.Select(e => e.GetProperty("message").GetString()), Has.None.Contains("+14155552671"));
        });
    }
}
