namespace Aggregator.Benchmarks;

/// <summary>
/// What one unit of work costs in CPU on this machine, measured in the same run: a bus message (a MassTransit confirmed
/// publish and its consume, RabbitMQ between, persistent) and a PostgreSQL commit (one row, Npgsql). Held against the
/// CPU per delivered, they say how much of it the design spends on hops and commits, and how low a design that keeps the
/// contract could go here: accept the message, hand it over once, commit its outcome once.
/// </summary>
public sealed record UnitCosts(double BusMessageMs, double CommitMs)
{
    /// <summary>
    /// The run's CPU per delivered, split: accepting (the Router and Redis, as measured in the same phase), the bus
    /// messages and the commits at their unit prices; the rest is the work around them (the statements' own execution,
    /// MassTransit's and EF Core's work beyond a bare message, JSON, logs, GC, JIT).
    /// </summary>
    public CpuSplit Split(double acceptingMs, double busPerDelivered, double commitsPerDelivered, double cpuMsPerDelivered)
    {
        var hops = busPerDelivered * BusMessageMs;
        var commits = commitsPerDelivered * CommitMs;
        // The Router's publish is in its own CPU and in the price of a bus message: the floor counts it twice, so it is, if anything, high.
        var floor = acceptingMs + BusMessageMs + CommitMs;
        return new CpuSplit(acceptingMs, hops, commits, cpuMsPerDelivered - acceptingMs - hops - commits, cpuMsPerDelivered, floor);
    }

    /// <summary>
    /// For the history: a machine that got slower shows in the unit prices as much as in the system's own figures, and
    /// the CPU per delivered counted in bus messages moves far less with it (the VM here varies by a quarter between runs).
    /// </summary>
    public IEnumerable<BenchFigure> Figures(double cpuMsPerDelivered)
    {
        var target = new BenchLimit(RunFigures.CpuTargetMsPerDelivered, $"target {RunFigures.CpuTargetMsPerDelivered} ms in total");
        return
        [
            new BenchFigure("CPU ms per bus message", BusMessageMs, "ms", target, HigherIsBetter: false, 3),
            new BenchFigure("CPU ms per PostgreSQL commit", CommitMs, "ms", target, HigherIsBetter: false, 3),
            new BenchFigure("CPU per delivered in bus messages", cpuMsPerDelivered / BusMessageMs, "bus messages",
                new BenchLimit(RunFigures.CpuTargetMsPerDelivered / BusMessageMs, "the target in this run's bus messages"), HigherIsBetter: false, 2),
        ];
    }
}

public sealed record CpuSplit(double Accepting, double BusMessages, double Commits, double Rest, double Total, double Floor);
