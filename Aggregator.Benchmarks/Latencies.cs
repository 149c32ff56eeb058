namespace Aggregator.Benchmarks;

/// <summary>Percentiles of a set of durations, in milliseconds.</summary>
public sealed record Latencies(double P50, double P95, double P99, double Max, int Count)
{
    public static Latencies Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Latencies(0, 0, 0, 0, 0);
        }
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new Latencies(At(0.50), At(0.95), At(0.99), sorted[^1], sorted.Length);
    }

    public override string ToString() => $"p50 {P50:0.0} / p95 {P95:0.0} / p99 {P99:0.0} / max {Max:0.0} ms";
}
