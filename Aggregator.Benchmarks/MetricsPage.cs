using System.Globalization;

namespace Aggregator.Benchmarks;

/// <summary>A service's <c>/metrics</c> page (Prometheus text): the samples of one metric, with their labels as written.</summary>
public static class MetricsPage
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task<string> ReadAsync(Uri service) => await Http.GetStringAsync(new Uri(service, "/metrics"));

    /// <summary>Each sample of <paramref name="metric"/>: its labels (<c>{…}</c>, or empty) and its value (a timestamp after it is skipped).</summary>
    public static IEnumerable<(string Labels, double Value)> Samples(string page, string metric)
    {
        foreach (var line in page.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length == metric.Length || line[metric.Length] is not ('{' or ' '))
            {
                continue;
            }
            var labelsEnd = line[metric.Length] == '{' ? line.IndexOf('}', metric.Length) + 1 : metric.Length;
            var fields = line[labelsEnd..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (labelsEnd > 0 && fields.Length > 0 && double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                yield return (line[metric.Length..labelsEnd], value);
            }
        }
    }
}
