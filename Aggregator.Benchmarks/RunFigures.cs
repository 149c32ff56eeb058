namespace Aggregator.Benchmarks;

/// <summary>Every figure the report shows, each beside its limit from the same run or its target.</summary>
public sealed record RunFigures(
    BenchFigure Ingest,
    BenchFigure OpenLoopP99,
    BenchFigure Batch,
    BenchFigure Delivered,
    BenchFigure BusPerDelivered,
    BenchFigure CommitsPerDelivered,
    BenchFigure SteadyP99,
    BenchFigure RedeliveryP99,
    BenchFigure CpuTotal,
    IReadOnlyDictionary<string, BenchFigure> CpuPerProcess,
    BenchFigure PriorityHigh)
{
    public const double OpenLoopP99TargetMs = 25;
    public const double SteadyP99TargetMs = 150;
    public const double CpuTargetMsPerDelivered = 2.5;
    public const double PriorityTargetMs = 1000;

    public IEnumerable<BenchFigure> All =>
        [Ingest, OpenLoopP99, Batch, Delivered, BusPerDelivered, CommitsPerDelivered, SteadyP99, RedeliveryP99, CpuTotal, .. CpuPerProcess.OrderBy(p => p.Key).Select(p => p.Value), PriorityHigh];

    public static RunFigures Of(double publish, double publishConsume, double commits, IngestResult ingest, IngestResult half, BatchIngest batch,
        EndToEndResult endToEnd, double busPerMessage, double commitsPerMessage, double ceiling, IReadOnlyDictionary<string, double> cpuMsPerDelivered,
        EndToEndResult steady, PriorityResult priority)
    {
        var publishLimit = new BenchLimit(publish, $"publish limit {BenchFigure.Number(publish)}");
        var cpuTarget = new BenchLimit(CpuTargetMsPerDelivered, $"target {CpuTargetMsPerDelivered} ms in total");
        return new RunFigures(
            new BenchFigure("ingest closed-loop msg/s", ingest.AcceptedPerSecond, "msg/s", publishLimit, HigherIsBetter: true),
            new BenchFigure("ingest open-loop-at-half p99 ms", half.Latency.P99, "ms", Target(OpenLoopP99TargetMs), HigherIsBetter: false, 1),
            new BenchFigure("batch ingest msg/s", batch.ClosedLoop.AcceptedPerSecond, "msg/s", publishLimit, HigherIsBetter: true),
            new BenchFigure("end-to-end delivered/s", endToEnd.DeliveredPerSecond, "msg/s",
                new BenchLimit(ceiling, $"design ceiling {BenchFigure.Number(ceiling)}"), HigherIsBetter: true),
            PerDelivered("bus messages per delivered", busPerMessage, "publish→consume", publishConsume, endToEnd.DeliveredPerSecond),
            PerDelivered("PostgreSQL commits per delivered", commitsPerMessage, "commit", commits, endToEnd.DeliveredPerSecond),
            new BenchFigure("steady accepted→delivered p99 ms", steady.AcceptedToDelivered.P99, "ms", Target(SteadyP99TargetMs), HigherIsBetter: false, 1),
            new BenchFigure("steady redelivery lateness p99 ms", steady.RedeliveryLateness.P99, "ms", Target(SteadyP99TargetMs), HigherIsBetter: false, 1),
            new BenchFigure("CPU ms per delivered", cpuMsPerDelivered.Values.Sum(), "ms", cpuTarget, HigherIsBetter: false, 2),
            cpuMsPerDelivered.ToDictionary(p => p.Key, p => new BenchFigure($"CPU ms per delivered, {p.Key}", p.Value, "ms", cpuTarget, HigherIsBetter: false, 2)),
            new BenchFigure("priority high accepted→delivered ms", priority.HighAcceptedToDeliveredMs, "ms", Target(PriorityTargetMs), HigherIsBetter: false));
    }

    private static BenchLimit Target(double milliseconds) => new(milliseconds, $"target {BenchFigure.Number(milliseconds)} ms");

    /// <summary>
    /// A cost per delivered message held against a rate limit: the limit divided by the delivered rate is the cost the
    /// limit would bear at this run's rate, so the ratio is the share of that limit the run used.
    /// </summary>
    private static BenchFigure PerDelivered(string name, double perDelivered, string limitName, double limitPerSecond, double deliveredPerSecond)
    {
        var allows = limitPerSecond / Math.Max(perDelivered, 1e-9);
        var budget = limitPerSecond / Math.Max(deliveredPerSecond, 1e-9);
        return new BenchFigure(name, perDelivered, "per delivered",
            new BenchLimit(budget, $"{limitName} limit {BenchFigure.Number(limitPerSecond)}/s, which at this cost allows {BenchFigure.Number(allows)} delivered/s"),
            HigherIsBetter: false, 2);
    }
}
