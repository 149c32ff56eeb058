using System.Globalization;
using System.Text;

namespace Aggregator.Benchmarks.History;

/// <summary>The report section that sets this run's figures beside the previous run's on the same machine.</summary>
public static class ComparisonReport
{
    public static string Render(IEnumerable<BenchFigure> figures, HistoryEntry? previous)
    {
        if (previous is null)
        {
            return "## Against the previous run on this machine\n\nThis is the first run on this machine: nothing to compare with yet.\n";
        }
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"## Against the previous run on this machine (commit {previous.Commit}, {previous.Time.UtcDateTime:yyyy-MM-dd HH:mm} UTC)").AppendLine()
            .AppendLine("| figure | this run | previous | change |").AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var change in FigureChange.Between(figures, previous))
        {
            var before = change.Previous is { } value ? $"{BenchFigure.Number(value, change.Figure.Decimals)} {change.Figure.Unit}" : "—";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {change.Figure.Name} | {change.Figure.ValueText} | {before} | {change.Text} |");
        }
        return text.ToString();
    }
}
