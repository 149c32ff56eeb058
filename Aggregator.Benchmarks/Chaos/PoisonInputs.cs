using System.Text;
using System.Text.Json;

namespace Aggregator.Benchmarks.Chaos;

/// <summary>
/// The inputs that once lost messages or stopped a service: each must be refused with 400 by the Router, or stored
/// harmlessly by the Logging service without stopping it.
/// </summary>
public static class PoisonInputs
{
    public static async Task<(bool Holds, string Report)> RunAsync(BenchmarkOptions options, string run)
    {
        using var router = options.Client(options.Router);
        var refused = new List<string>();
        var accepted = new List<string>();
        foreach (var (name, json) in RouterCases(run))
        {
            var status = await PostAsync(router, "/api/v1/messages", json);
            (status == 400 ? refused : accepted).Add($"{name} ({status})");
        }

        using var logging = options.Client(options.Logging);
        var marker = $"afterpoison{run}";
        var poisonStatus = await PostAsync(logging, "/api/v1/logs", LogLine($"poison \\u0000 \\ud800 {run}"));
        await PostAsync(logging, "/api/v1/logs", LogLine(marker));
        var storedAfter = await FoundAsync(logging, marker, TimeSpan.FromSeconds(30));

        var holds = accepted.Count == 0 && storedAfter;
        var report = $"router refused {refused.Count}/{refused.Count + accepted.Count} with 400" +
            (accepted.Count > 0 ? $" (not refused: {string.Join(", ", accepted)})" : "") +
            $"; logging took a line with NUL and a lone surrogate ({poisonStatus}) and stored the next one: {(storedAfter ? "yes" : "no")}";
        return (holds, report);
    }

    private static IEnumerable<(string Name, string Json)> RouterCases(string run) =>
    [
        ("sms body with NUL, fail-permanent", $$$"""{"channel":"sms","recipient":"+14155550100","body":"nul \u0000 {{{run}}}","metadata":{"simulate":"fail-permanent"}}"""),
        ("e-mail recipient of 371 characters", $$"""{"channel":"email","recipient":"{{new string('a', 359)}}@example.com","body":"long {{run}}"}"""),
        ("unpaired surrogate in the body", $$"""{"channel":"sms","recipient":"+14155550101","body":"lone \ud800 {{run}}"}"""),
        ("unpaired surrogate in the subject", $$"""{"channel":"email","recipient":"jane@example.com","subject":"\udc00","body":"subject {{run}}"}"""),
    ];

    private static string LogLine(string message) =>
        $$"""{"timestamp":"{{DateTimeOffset.UtcNow:O}}","level":"Information","service":"chaos","message":"{{message}}"}""";

    private static async Task<int> PostAsync(HttpClient client, string path, string json)
    {
        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return (int)response.StatusCode;
    }

    private static async Task<bool> FoundAsync(HttpClient logging, string marker, TimeSpan patience)
    {
        var deadline = DateTimeOffset.UtcNow + patience;
        while (DateTimeOffset.UtcNow < deadline)
        {
            using var response = await logging.GetAsync($"/api/v1/logs?q={marker}");
            if (response.IsSuccessStatusCode)
            {
                using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                if (page.RootElement.GetProperty("items").GetArrayLength() > 0)
                {
                    return true;
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        return false;
    }
}
