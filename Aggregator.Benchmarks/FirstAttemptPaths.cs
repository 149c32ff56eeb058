using System.Text;
using System.Text.RegularExpressions;

namespace Aggregator.Benchmarks;

/// <summary>
/// Where the Delivery service made the first attempts of a phase (<c>aggregator_attempts_first_total{ran}</c> on its
/// <c>/metrics</c>): in process, or through the channel's queue because the lane had no free slot or the attempt ended
/// in an exception. Each command that takes the queue costs a bus message more.
/// </summary>
public sealed partial class FirstAttemptPaths(BenchmarkOptions options)
{
    public async Task<IReadOnlyDictionary<string, double>> ReadAsync() => Parse(await MetricsPage.ReadAsync(options.Delivery));

    /// <summary>The counter's samples in a <c>/metrics</c> page, by their <c>ran</c> label.</summary>
    public static IReadOnlyDictionary<string, double> Parse(string page) =>
        MetricsPage.Samples(page, "aggregator_attempts_first_total")
            .Select(s => (Ran: Ran().Match(s.Labels), s.Value)).Where(s => s.Ran.Success)
            .GroupBy(s => s.Ran.Groups[1].Value)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value));

    public static IReadOnlyDictionary<string, double> Since(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after) =>
        after.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key));

    public static string Render(IReadOnlyDictionary<string, double> counts)
    {
        var total = counts.Values.Sum();
        var text = new StringBuilder().AppendLine("## First attempts (end-to-end phase)").AppendLine()
            .AppendLine("| where it ran | attempts | share |").AppendLine("| --- | ---: | ---: |");
        foreach (var (ran, count) in counts.OrderByDescending(p => p.Value))
        {
            text.AppendLine($"| {ran} | {count:N0} | {(total > 0 ? count / total : 0):P1} |");
        }
        return text.ToString();
    }

    [GeneratedRegex("ran=\"([a-z_]+)\"")]
    private static partial Regex Ran();
}
