using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.ScaleOut;

/// <summary>
/// <c>RabbitMq:QueueType=Quorum</c>, as on a RabbitMQ cluster: every endpoint's queue is declared quorum (in a virtual
/// host of its own, since a queue's type never changes), and messages of both lanes, retried ones too, are delivered.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class When_the_broker_uses_quorum_queues
{
    private static readonly string VirtualHost = $"{TestRun.VirtualHost}-quorum";

    private Dictionary<string, string?> settings = null!;

    [OneTimeSetUp]
    public async Task CreateVirtualHost()
    {
        using var management = TestRun.ManagementClient();
        (await management.PutAsync($"vhosts/{Uri.EscapeDataString(VirtualHost)}", JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync($"permissions/{Uri.EscapeDataString(VirtualHost)}/{Uri.EscapeDataString(TestServers.MqUser)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        settings = new Dictionary<string, string?> { ["RabbitMq:VirtualHost"] = VirtualHost, ["RabbitMq:QueueType"] = "Quorum" };
    }

    [OneTimeTearDown]
    public async Task RemoveVirtualHost()
    {
        using var management = TestRun.ManagementClient();
        await management.DeleteAsync($"vhosts/{Uri.EscapeDataString(VirtualHost)}");
    }

    [Test]
    public async Task Should_declare_quorum_queues_and_deliver_on_both_lanes()
    {
        using var delivery = new DeliveryHost(settings);
        using var deliveryClient = delivery.CreateClient();
        using var router = new RouterHost(settings);
        using var routerClient = router.CreateClient();

        var normal = await routerClient.SubmitAsync(DeliveryApi.Simulated("fail-times:1"));
        var high = await routerClient.SubmitAsync(new { channel = "sms", recipient = "+14155552671", body = $"Code {Guid.NewGuid():N}", priority = "high" });
        await deliveryClient.WaitForStateAsync(normal, "Delivered", TimeSpan.FromSeconds(20));
        await deliveryClient.WaitForStateAsync(high, "Delivered", TimeSpan.FromSeconds(20));
        var types = await QueueTypesAsync();

        Assert.Multiple(() =>
        {
            foreach (var queue in new[] { "message-state", "message-state-high", "message-batches", "sms_delivery_queue", "sms_delivery_queue_high", "scheduler", "webhook-events" })
            {
                Assert.That(types.GetValueOrDefault(queue), Is.EqualTo("quorum"), queue);
            }
        });
    }

    private static async Task<Dictionary<string, string>> QueueTypesAsync()
    {
        using var management = TestRun.ManagementClient();
        var queues = await management.GetFromJsonAsync<JsonElement>($"queues/{Uri.EscapeDataString(VirtualHost)}?columns=name,type");
        return queues.EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!, q => q.GetProperty("type").GetString()!);
    }
}
