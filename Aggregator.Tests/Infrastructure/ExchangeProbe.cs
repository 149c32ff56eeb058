using System.Net.Http.Json;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// A queue of the test's own, bound to an exchange in the run's vhost: it holds a copy of whatever is published there
/// from then on, and nothing that was sent straight to a queue. Disposing removes it.
/// </summary>
public sealed class ExchangeProbe : IAsyncDisposable
{
    private ExchangeProbe(string queue) => Queue = queue;

    public string Queue { get; }

    public static async Task<ExchangeProbe> BindAsync(string exchange)
    {
        var probe = new ExchangeProbe($"probe-{Guid.NewGuid():N}");
        using var management = TestRun.ManagementClient();
        var vhost = Uri.EscapeDataString(TestRun.VirtualHost);
        (await management.PutAsJsonAsync($"queues/{vhost}/{probe.Queue}", new { durable = false, auto_delete = false })).EnsureSuccessStatusCode();
        (await management.PostAsJsonAsync($"bindings/{vhost}/e/{Uri.EscapeDataString(exchange)}/q/{probe.Queue}", new { routing_key = "" })).EnsureSuccessStatusCode();
        return probe;
    }

    public Task<IReadOnlyList<string>> PeekAsync() => RabbitMqQueues.PeekAsync(Queue, 1000);

    public async ValueTask DisposeAsync()
    {
        using var management = TestRun.ManagementClient();
        await management.DeleteAsync($"queues/{Uri.EscapeDataString(TestRun.VirtualHost)}/{Queue}");
    }
}
