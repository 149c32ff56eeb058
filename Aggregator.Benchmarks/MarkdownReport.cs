using System.Text;

namespace Aggregator.Benchmarks;

/// <summary>The terminal report: the run's numbers beside the limits measured in the same run, and the targets.</summary>
public static class MarkdownReport
{
    public static string Render(RunFigures figures, double publish, double publishConsume, double commits, int connections, IngestResult ingest, IngestResult half, BatchIngest batch,
        EndToEndResult endToEnd, double ceiling, double steadyRate, EndToEndResult steady, PriorityResult priority)
    {
        var text = new StringBuilder();
        text.AppendLine("## Limits (this run, same servers)").AppendLine()
            .AppendLine("| limit | per second |").AppendLine("| --- | ---: |")
            .AppendLine($"| MassTransit confirmed publish, 64 in flight | {publish:N0} |")
            .AppendLine($"| MassTransit publish→consume, prefetch 32 | {publishConsume:N0} |")
            .AppendLine($"| PostgreSQL commits, {connections} connections | {commits:N0} |").AppendLine()
            .AppendLine("## Ingest (Delivery stopped)").AppendLine()
            .AppendLine("| measure | value | target |").AppendLine("| --- | ---: | --- |")
            .AppendLine($"| closed-loop accepted msg/s | {figures.Ingest.Text} | ≥ 3,500 and ≥ 80 % {AtLeast(ingest.AcceptedPerSecond, Math.Max(3500, 0.8 * publish), "msg/s")} |")
            .AppendLine($"| closed-loop latency | {ingest.Latency} | |")
            .AppendLine($"| open loop at {half.AcceptedPerSecond:N0} msg/s | {half.Latency}; p99 {figures.OpenLoopP99.Text} | p99 ≤ 25 ms {AtMost(half.Latency.P99, RunFigures.OpenLoopP99TargetMs, "ms")} |")
            .AppendLine($"| statuses | {Statuses(ingest, half)} | |")
            .AppendLine($"| closed-loop accepted msg/s, batches of {batch.Size} ({batch.Clients} clients) | {figures.Batch.Text}, {batch.RatioToSingle:0.0}× single | ≥ 10,000 and ≥ 2× single {AtLeast(batch.ClosedLoop.AcceptedPerSecond, Math.Max(10_000, 2 * ingest.AcceptedPerSecond), "msg/s")} |")
            .AppendLine($"| batch latency (whole request) | {batch.ClosedLoop.Latency} | |")
            .AppendLine($"| batch item statuses | {Statuses(batch.ClosedLoop)} | |").AppendLine()
            .AppendLine("## End to end").AppendLine()
            .AppendLine("| measure | value | target |").AppendLine("| --- | ---: | --- |")
            .AppendLine($"| delivered | {endToEnd.Delivered:N0} of {endToEnd.Messages:N0} | all |")
            .AppendLine($"| delivered msg/s sustained | {figures.Delivered.Text} | ≥ 600 {AtLeast(endToEnd.DeliveredPerSecond, 600, "msg/s")} |")
            .AppendLine($"| bus messages per delivered | {figures.BusPerDelivered.Text} | fewer is better |")
            .AppendLine($"| PostgreSQL commits per delivered | {figures.CommitsPerDelivered.Text} | fewer is better |")
            .AppendLine($"| design ceiling | {ceiling:N0} msg/s | ≥ 70 % {AtLeast(endToEnd.DeliveredPerSecond, 0.7 * ceiling, "msg/s")} |")
            .AppendLine($"| accepted → delivered, burst (first-attempt deliveries) | {endToEnd.AcceptedToDelivered} | |")
            .AppendLine($"| accepted → delivered at {steadyRate:N0} msg/s (half max, first-attempt deliveries) | {steady.AcceptedToDelivered}; p99 {figures.SteadyP99.Text} | p99 ≤ 150 ms {AtMost(steady.AcceptedToDelivered.P99, RunFigures.SteadyP99TargetMs, "ms")} |")
            .AppendLine($"| redelivery lateness, burst ({endToEnd.RedeliveryLateness.Count} retries, CPU saturated) | {endToEnd.RedeliveryLateness} | |")
            .AppendLine($"| redelivery lateness at {steadyRate:N0} msg/s ({steady.RedeliveryLateness.Count} retries) | {steady.RedeliveryLateness}; p99 {figures.RedeliveryP99.Text} | p99 ≤ 150 ms {AtMost(steady.RedeliveryLateness.P99, RunFigures.SteadyP99TargetMs, "ms")} |")
            .AppendLine($"| CPU ms per delivered (= s per 1,000) | {figures.CpuTotal.Text}; {string.Join(", ", figures.CpuPerProcess.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value.ValueText} ({p.Value.RatioText})"))} | ≤ {RunFigures.CpuTargetMsPerDelivered} ms {AtMost(figures.CpuTotal.Value, RunFigures.CpuTargetMsPerDelivered, "ms")} |").AppendLine()
            .AppendLine("## Priority lane").AppendLine()
            .AppendLine("| measure | value | target |").AppendLine("| --- | ---: | --- |")
            .AppendLine($"| normal messages waiting behind a 1 s provider when the high one was sent / delivered | {priority.WaitingWhenSent:N0} / {priority.WaitingWhenDelivered:N0} of {priority.Backlog:N0} | |")
            .AppendLine($"| high message accepted → delivered | {figures.PriorityHigh.Text} (the last normal one: about {priority.BacklogDrainSeconds:N0} s) | ≤ 1,000 ms {AtMost(priority.HighAcceptedToDeliveredMs, RunFigures.PriorityTargetMs, "ms")} |");
        return text.ToString();
    }

    private static string Statuses(params IngestResult[] results) =>
        string.Join(", ", results.SelectMany(r => r.Statuses).GroupBy(s => s.Key).Select(g => $"{g.Key}: {g.Sum(s => s.Value):N0}"));

    /// <summary>✅, or ❌ with how far the result is from the target.</summary>
    private static string AtLeast(double value, double target, string unit) =>
        value >= target ? "✅" : $"❌ {target - value:N0} {unit} short ({value / target:P0} of target)";

    private static string AtMost(double value, double target, string unit) =>
        value <= target ? "✅" : $"❌ {value - target:N0} {unit} over ({value / target:0.0}× target)";
}
