using System.Globalization;

namespace Aggregator.Benchmarks;

/// <summary>What a figure is held against: a limit measured in the same run, or a target where no measured limit applies.</summary>
public sealed record BenchLimit(double Value, string Description);

/// <summary>One number of the report, with its limit and which way is better.</summary>
public sealed record BenchFigure(string Name, double Value, string Unit, BenchLimit Limit, bool HigherIsBetter, int Decimals = 0)
{
    public double Ratio => Limit.Value > 0 ? Value / Limit.Value : double.NaN;

    /// <summary>The ratio as a whole percentage, e.g. "36 %".</summary>
    public string RatioText => double.IsFinite(Ratio) ? $"{Number(Ratio * 100)} %" : "n/a";

    /// <summary>e.g. "2,171 msg/s (36 % of publish limit 6,073)".</summary>
    public string Text => $"{ValueText} ({RatioText} of {Limit.Description})";

    public string ValueText => $"{Number(Value, Decimals)} {Unit}";

    // Invariant, so that the terminal report reads the same on every machine and in the tests.
    public static string Number(double value, int decimals = 0) => value.ToString($"N{decimals}", CultureInfo.InvariantCulture);
}
