using System.Net.Http.Json;
using System.Text.Json;

namespace Aggregator.Tests.Infrastructure;

/// <summary>Looks into the run's queues through the management API without consuming anything.</summary>
public static class RabbitMqQueues
{
    /// <summary>The bodies of up to <paramref name="count"/> messages of a queue, put back where they were.</summary>
    public static async Task<IReadOnlyList<string>> PeekAsync(string queue, int count = 100)
    {
        using var management = TestRun.ManagementClient();
        var response = await management.PostAsJsonAsync(
            $"queues/{Uri.EscapeDataString(TestRun.VirtualHost)}/{Uri.EscapeDataString(queue)}/get",
            new { count, ackmode = "ack_requeue_true", encoding = "auto" });
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.EnumerateArray().Select(m => m.GetProperty("payload").GetString() ?? "").ToList();
    }

    /// <summary>The names of every queue of the run's virtual host.</summary>
    public static async Task<IReadOnlyList<string>> ListAsync()
    {
        using var management = TestRun.ManagementClient();
        var queues = await management.GetFromJsonAsync<JsonElement>($"queues/{Uri.EscapeDataString(TestRun.VirtualHost)}?columns=name");
        return queues.EnumerateArray().Select(q => q.GetProperty("name").GetString()!).ToList();
    }
}
