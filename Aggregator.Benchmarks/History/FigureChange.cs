namespace Aggregator.Benchmarks.History;

/// <summary>A figure of this run against the same figure of the previous run.</summary>
public sealed record FigureChange(BenchFigure Figure, double? Previous)
{
    /// <summary>Beyond this a change is more than run-to-run noise on the reference machine.</summary>
    public const double WorseThresholdPercent = 10;

    public double? Percent => Previous is { } p && p != 0 && double.IsFinite(p) && double.IsFinite(Figure.Value) ? (Figure.Value - p) / Math.Abs(p) * 100 : null;

    public bool IsWorse => Percent is { } change && (Figure.HigherIsBetter ? -change : change) > WorseThresholdPercent;

    /// <summary>e.g. "▼ 12 % ❌ worse", "▲ 3 %", "0 %", or "—" when there is nothing to compare with.</summary>
    public string Text => Percent switch
    {
        null => "—",
        var change when Math.Round(change.Value) == 0 => "0 %",
        var change => $"{(change > 0 ? "▲" : "▼")} {BenchFigure.Number(Math.Abs(change.Value))} %{(IsWorse ? " ❌ worse" : "")}",
    };

    public static IReadOnlyList<FigureChange> Between(IEnumerable<BenchFigure> figures, HistoryEntry previous) =>
        [.. figures.Select(f => new FigureChange(f, previous.Figures.TryGetValue(f.Name, out var value) ? value : null))];
}
