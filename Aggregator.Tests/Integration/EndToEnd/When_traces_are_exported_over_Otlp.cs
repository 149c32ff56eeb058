using System.Text;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.EndToEnd;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, Router and Delivery send their spans to that collector; a message's
/// spans, from ASP.NET Core to MassTransit to Npgsql, share the trace id the Router answered with.
/// </summary>
[Category("Integration")]
public class When_traces_are_exported_over_Otlp
{
    private static Dictionary<string, string?> ExportingTo(Uri collector, string service) => new()
    {
        // Each service under its own base path, so the receiver knows who sent what; the exporter appends /v1/traces.
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = new Uri(collector, service).ToString(),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    [Test]
    public async Task Should_send_the_spans_of_both_services_for_a_message_under_one_trace_id()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        using var delivery = new DeliveryHost(ExportingTo(collector.Address, "delivery"));
        using var router = new RouterHost(ExportingTo(collector.Address, "router"));
        using var deliveryClient = delivery.CreateClient();
        using var routerClient = router.CreateClient();

        var accepted = await (await routerClient.PostMessageAsync(DeliveryApi.Simulated("fail-times:1"))).JsonAsync();
        var traceId = Convert.FromHexString(accepted.GetProperty("traceId").GetString()!);
        await deliveryClient.WaitForStateAsync(accepted.GetProperty("messageId").GetGuid(), "Delivered", TimeSpan.FromSeconds(30));

        await Eventually.True(() => Task.FromResult(
                collector.Holding("/router/v1/traces", traceId).Count > 0
                && collector.Holding("/delivery/v1/traces", traceId).Any(body => Holds(body, "MassTransit") && Holds(body, "Npgsql"))),
            TimeSpan.FromSeconds(30), "spans of the message's trace from both services");
        Assert.Multiple(() =>
        {
            Assert.That(collector.Holding("/router/v1/traces", traceId).Any(body => Holds(body, "Microsoft.AspNetCore")), "the Router's request span");
            Assert.That(collector.Posts.Select(post => post.Path), Has.Some.EqualTo("/delivery/v1/metrics"), "metrics go to the collector too");
        });
    }

    private static bool Holds(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
