using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Aggregator.Tests.Infrastructure;

/// <summary>Posts and searches log lines as the services and a person looking up a trace would.</summary>
public static class LoggingApi
{
    private static readonly Regex RejectedCounter = new(@"^aggregator_logs_rejected_total(?:\{[^}]*\})? (\d+)", RegexOptions.Multiline);

    public static string NewTraceId() => System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();

    /// <summary>Posts JSON exactly as written, for bodies a serializer would never produce.</summary>
    public static Task<HttpResponseMessage> PostRawLogsAsync(this HttpClient logging, string json) =>
        logging.PostAsync("/api/v1/logs", new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Searches until at least <paramref name="expected"/> entries match and returns them.</summary>
    public static async Task<List<JsonElement>> SearchLogsAsync(this HttpClient logging, string query, int expected, TimeSpan? timeout = null) =>
        await Eventually.Get(async () =>
        {
            var items = (await (await logging.GetAsync($"/api/v1/logs?{query}")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
            return (items.Count >= expected, items);
        }, timeout ?? TimeSpan.FromSeconds(15), $"{expected} entries for {query}");

    /// <summary>Reads <c>/metrics</c> until the count of lines set aside reaches <paramref name="atLeast"/>, and returns it.</summary>
    public static async Task<long> RejectedLinesAsync(this HttpClient logging, long atLeast) =>
        await Eventually.Get(async () =>
        {
            var match = RejectedCounter.Match(await logging.GetStringAsync("/metrics"));
            var count = match.Success ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            return (count >= atLeast, count);
        }, TimeSpan.FromSeconds(10), $"aggregator_logs_rejected_total to reach {atLeast}");
}
