using System.Diagnostics;
using System.Text.Json;
using Aggregator.Benchmarks;
using Aggregator.Benchmarks.Chaos;
using Aggregator.Benchmarks.History;

if (args.FirstOrDefault() == "chaos")
{
    var rest = args[1..].Where(a => a != "--short").ToArray();
    return await ChaosProgram.RunAsync(BenchmarkOptions.Parse(rest), quick: rest.Length < args.Length - 1);
}

var options = BenchmarkOptions.Parse(args);
var run = DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
void Progress(string line) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {line}");

Progress("limits: MassTransit confirmed publish and publish->consume");
var (publishLimit, publishConsumeLimit, busMessageCpuMs) = await Limits.BusAsync(options);
Progress($"limits: PostgreSQL commits with {options.PostgresConnections} connections");
var (commitLimit, commitCpuMs) = await Limits.PostgresCommitsAsync(options, options.PostgresConnections, TimeSpan.FromSeconds(5));
var unitCosts = new UnitCosts(busMessageCpuMs, commitCpuMs);

var load = new IngestLoad(options, run);
Progress("ingest: Delivery stopped, closed loop");
await LocalScript.RunAsync(options, "stop", "delivery");
// As for the end-to-end phase: the Router's first seconds under load pay for JIT compilation, not for its work.
await load.ClosedLoopAsync(options.Concurrency, TimeSpan.FromSeconds(options.IngestSeconds));
await PurgeSubmittedAsync();
var ingestMax = await load.ClosedLoopAsync(options.Concurrency, TimeSpan.FromSeconds(options.IngestSeconds));
await PurgeSubmittedAsync();
Progress($"ingest: open loop at {ingestMax.AcceptedPerSecond / 2:0} msg/s");
var ingestHalf = await load.OpenLoopAsync(ingestMax.AcceptedPerSecond / 2, TimeSpan.FromSeconds(options.IngestSeconds));
await PurgeSubmittedAsync();
Progress($"ingest: batches of {options.BatchSize}, {options.BatchConcurrency} clients, closed loop");
// The batch path compiles code of its own; half a phase warms it.
await load.BatchClosedLoopAsync(options.BatchConcurrency, TimeSpan.FromSeconds(options.IngestSeconds / 2), options.BatchSize);
await PurgeSubmittedAsync();
var batchMax = await load.BatchClosedLoopAsync(options.BatchConcurrency, TimeSpan.FromSeconds(options.IngestSeconds), options.BatchSize);
await PurgeSubmittedAsync();
var batch = new BatchIngest(options.BatchSize, options.BatchConcurrency, batchMax, batchMax.AcceptedPerSecond / ingestMax.AcceptedPerSecond);
await LocalScript.RunAsync(options, "up");

// The Delivery service has just been restarted: its first messages pay for JIT compilation and tiering, which a
// long-running service does not (measured with DOTNET_JitStdOutFile: about 11,000 methods compiled in the first
// 25 s under load, then none), so a warm-up batch goes through before anything is counted, with the same share of
// retries as the counted one: their paths (reports, the scheduler, the queue's consumer) are compiled by then too.
var retryEvery = options.RetryShare > 0 ? (int)Math.Round(1 / options.RetryShare) : int.MaxValue;
string? Retried(int n) => n % retryEvery == 0 ? "fail-times:2" : null;
var warmUp = Math.Min(options.Messages, options.WarmUpMessages);
Progress($"warm-up: {warmUp} messages end to end, {options.RetryShare:P0} with fail-times:2 (not counted)");
var warmUpLoad = await load.ClosedLoopAsync(options.Concurrency, TimeSpan.FromMinutes(5), warmUp, Retried);
await EndToEnd.MeasureAsync(options, warmUpLoad, TimeSpan.FromSeconds(60 + warmUp / 50.0), Progress);
var jit = new JitCompilation(options);
Progress($"warm-up: JIT settled after {(await jit.SettleAsync(TimeSpan.FromSeconds(90))).TotalSeconds:0} s ({await jit.SecondsAsync():0.0} s compiling so far)");

Progress($"end to end: {options.Messages} messages, {options.RetryShare:P0} with fail-times:2");
var before = await SystemCounters.ReadAsync(options, options.StateDirectory);
var jitBefore = await jit.SecondsAsync();
var firstAttempts = new FirstAttemptPaths(options);
var firstAttemptsBefore = await firstAttempts.ReadAsync();
var submitted = await load.ClosedLoopAsync(options.Concurrency, TimeSpan.FromMinutes(10), options.Messages, Retried);
var endToEnd = await EndToEnd.MeasureAsync(options, submitted, TimeSpan.FromSeconds(60 + options.Messages / 50.0), Progress);
await Task.Delay(TimeSpan.FromSeconds(2)); // statistics reach pg_stat_database and the management API a moment late
var used = (await SystemCounters.ReadAsync(options, options.StateDirectory)).Since(before);
var jitMsPerDelivered = (await jit.SecondsAsync() - jitBefore) * 1000 / Math.Max(1, endToEnd.Delivered);
var firstAttemptsRan = FirstAttemptPaths.Since(firstAttemptsBefore, await firstAttempts.ReadAsync());

var steadyRate = Math.Max(1, endToEnd.DeliveredPerSecond / 2);
Progress($"steady: open loop at {steadyRate:0} msg/s (half the end-to-end maximum) for {options.SteadySeconds:0} s, {options.RetryShare:P0} with fail-times:2");
var steadyLoad = await load.OpenLoopAsync(steadyRate, TimeSpan.FromSeconds(options.SteadySeconds), Retried);
var steady = await EndToEnd.MeasureAsync(options, steadyLoad, TimeSpan.FromSeconds(60), Progress);

WebhookResult? webhook = null;
if (options.WebhookMessages > 0)
{
    Progress($"webhook: {options.WebhookMessages} messages end to end with one webhook endpoint registered");
    webhook = await WebhookPhase.MeasureAsync(options, load, options.WebhookMessages, Progress);
}

Progress($"priority: {options.PriorityBacklog} normal messages behind a slow provider, then one high");
var priority = await PriorityLane.MeasureAsync(options, load, Progress);

var delivered = Math.Max(1, endToEnd.Delivered);
var busPerMessage = used.BusPublished / (double)delivered;
var commitsPerMessage = used.Commits / (double)delivered;
var ceiling = Math.Min(publishConsumeLimit / Math.Max(busPerMessage, 1e-9), commitLimit / Math.Max(commitsPerMessage, 1e-9));
var report = new
{
    run,
    machine = $"{Environment.MachineName}, {Environment.ProcessorCount} cores",
    limits = new { confirmedPublishPerSecond = publishLimit, publishConsumePerSecond = publishConsumeLimit, postgresCommitsPerSecond = commitLimit, postgresConnections = options.PostgresConnections },
    ingest = new { closedLoop = ingestMax, openLoopAtHalf = ingestHalf, ratioToPublishLimit = ingestMax.AcceptedPerSecond / publishLimit, batch },
    endToEnd = new
    {
        result = endToEnd,
        busMessagesPerDelivered = busPerMessage,
        commitsPerDelivered = commitsPerMessage,
        designCeilingPerSecond = ceiling,
        ratioToCeiling = endToEnd.DeliveredPerSecond / ceiling,
        cpuSecondsPer1000 = used.CpuSeconds.ToDictionary(p => p.Key, p => p.Value * 1000 / delivered),
        firstAttemptsRan,
    },
    unitCosts,
    jitMsPerDelivered,
    steady = new { ratePerSecond = steadyRate, result = steady },
    webhook,
    priority,
};

var figures = RunFigures.Of(publishLimit, publishConsumeLimit, commitLimit, ingestMax, ingestHalf, batch, endToEnd, busPerMessage, commitsPerMessage, ceiling,
    report.endToEnd.cpuSecondsPer1000, steady, priority);

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
await File.WriteAllTextAsync(options.Output, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
var history = new RunHistory(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.Output))!, "history.jsonl"));
var machine = BenchMachine.Current();
var previous = history.PreviousOn(machine);
// The binary sits in the repository it was built from, whatever directory the benchmark was started in.
var compared = figures.All.Concat(unitCosts.Figures(figures.CpuTotal.Value)).ToList();
await history.AppendAsync(new HistoryEntry(DateTimeOffset.UtcNow, await SourceCommit.DescribeAsync(AppContext.BaseDirectory), machine,
    new RunSettings(options.Messages, options.Concurrency, options.RetryShare), compared.ToDictionary(f => f.Name, f => f.Value)
        .Concat(WebhookPhase.Figures(webhook)).ToDictionary()));
Console.WriteLine(MarkdownReport.Render(figures, publishLimit, publishConsumeLimit, commitLimit, options.PostgresConnections, ingestMax, ingestHalf, batch, endToEnd,
    ceiling, steadyRate, steady, priority));
var accepting = new[] { "router", "redis" }.Sum(p => report.endToEnd.cpuSecondsPer1000.GetValueOrDefault(p));
Console.WriteLine(CpuSplitReport.Render(unitCosts, unitCosts.Split(accepting, busPerMessage, commitsPerMessage, figures.CpuTotal.Value), jitMsPerDelivered));
Console.WriteLine(FirstAttemptPaths.Render(firstAttemptsRan));
Console.WriteLine(WebhookPhase.Render(webhook, RunFigures.CpuTargetMsPerDelivered));
Console.WriteLine(ComparisonReport.Render(compared, previous));
Console.WriteLine($"History: {history.Path}");
Console.WriteLine($"JSON: {Path.GetFullPath(options.Output)}");
return endToEnd.Delivered == endToEnd.Messages && steady.Delivered == steady.Messages ? 0 : 1;

// Each ingest phase starts from an empty saga queue (with Delivery stopped it only grows), and none of these
// messages is part of the end-to-end measurement.
async Task PurgeSubmittedAsync()
{
    using var management = Limits.Management(options);
    await management.DeleteAsync("queues/%2F/message-state/contents");
    await management.DeleteAsync("queues/%2F/message-batches/contents");
}

internal static class LocalScript
{
    public static async Task RunAsync(BenchmarkOptions options, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(options.LocalScript, arguments) { RedirectStandardOutput = true })!;
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{options.LocalScript} {string.Join(' ', arguments)} exited with {process.ExitCode}.");
        }
    }
}
