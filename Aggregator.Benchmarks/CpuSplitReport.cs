using System.Text;

namespace Aggregator.Benchmarks;

/// <summary>The report's section that splits the CPU per delivered by the unit costs measured in the same run.</summary>
public static class CpuSplitReport
{
    public static string Render(UnitCosts units, CpuSplit split, double jitMs)
    {
        var text = new StringBuilder();
        text.AppendLine("## Where the CPU per delivered goes (unit costs of this run)").AppendLine()
            .AppendLine("| part | CPU ms per delivered | share | how it is counted |").AppendLine("| --- | ---: | ---: | --- |")
            .AppendLine(Row("accepting it (Router and Redis)", split.Accepting, split, "their CPU in the end-to-end phase"))
            .AppendLine(Row("bus messages", split.BusMessages, split,
                $"{Ms(units.BusMessageMs)} per bus message (a confirmed publish and its consume, MassTransit both ends, persistent) × bus messages per delivered"))
            .AppendLine(Row("PostgreSQL commits", split.Commits, split, $"{Ms(units.CommitMs)} per one-row commit × commits per delivered"))
            .AppendLine(Row("the rest (statements' own execution, saga and EF Core, MassTransit's work beyond a bare message, JSON, logs, GC, JIT)",
                split.Rest, split, $"measured total − the rows above; in it the JIT still compiling, at most {Ms(jitMs)} (the services' compile time, wall clock)"))
            .AppendLine($"| measured total | {Ms(split.Total)} | 100 % | {BenchFigure.Number(split.Total / units.BusMessageMs, 2)} bus messages' worth: a slower VM moves this far less than the ms |")
            .AppendLine($"| floor: accept it, one bus message, one commit | {Ms(split.Floor)} | {Share(split.Floor, split)} | " +
                $"a design that keeps the contract and does nothing else, at this run's unit costs; target {BenchFigure.Number(RunFigures.CpuTargetMsPerDelivered, 1)} ms |");
        return text.ToString();
    }

    private static string Row(string part, double ms, CpuSplit split, string how) => $"| {part} | {Ms(ms)} | {Share(ms, split)} | {how} |";

    private static string Ms(double ms) => $"{BenchFigure.Number(ms, 2)} ms";

    private static string Share(double ms, CpuSplit split) => split.Total > 0 ? $"{BenchFigure.Number(100 * ms / split.Total)} %" : "n/a";
}
