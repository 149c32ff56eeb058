namespace Aggregator.Benchmarks;

/// <summary>CPU seconds that the named processes (<see cref="SystemCounters.CpuNow"/>'s names) spent since it was made.</summary>
public sealed class CpuMeter(string stateDirectory, params string[] processes)
{
    private readonly IReadOnlyDictionary<string, double> start = SystemCounters.CpuNow(stateDirectory);

    public double Seconds()
    {
        var now = SystemCounters.CpuNow(stateDirectory);
        return processes.Sum(p => now.GetValueOrDefault(p) - start.GetValueOrDefault(p));
    }
}
