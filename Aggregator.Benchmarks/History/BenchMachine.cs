using System.Globalization;

namespace Aggregator.Benchmarks.History;

/// <summary>The machine a run was measured on; runs compare only with earlier runs on the same one.</summary>
public sealed record BenchMachine(string Host, int Cores, string CpuModel, long MemoryKb)
{
    /// <summary>Memory is left out: a resized VM is still worth comparing with, a different CPU is not.</summary>
    public bool IsSameAs(BenchMachine other) => Host == other.Host && Cores == other.Cores && CpuModel == other.CpuModel;

    public static BenchMachine Current() => new(
        Environment.MachineName,
        Environment.ProcessorCount,
        Field("/proc/cpuinfo", "model name") ?? "unknown",
        long.TryParse(Field("/proc/meminfo", "MemTotal")?.Split(' ')[0], CultureInfo.InvariantCulture, out var kb) ? kb : 0);

    /// <summary>The value after the colon of the first line that starts with <paramref name="name"/>.</summary>
    private static string? Field(string path, string name)
    {
        try
        {
            return File.ReadLines(path).Where(l => l.StartsWith(name, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':') + 1)..].Trim()).FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
