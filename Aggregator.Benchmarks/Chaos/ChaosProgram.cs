namespace Aggregator.Benchmarks.Chaos;

/// <summary>
/// <c>deploy/local.sh chaos</c>: each fault of <see cref="ChaosScenario.All"/> under a steady load against the running
/// stack, then the poison inputs; one line per scenario, and a failure when anything accepted was lost or stuck.
/// </summary>
public static class ChaosProgram
{
    private const double Rate = 20;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(BenchmarkOptions options, bool quick)
    {
        var run = DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var faults = new ServerFaults(options);
        var load = new IngestLoad(options, $"chaos{run}");
        var failures = 0;
        Console.WriteLine($"Chaos ({(quick ? "short" : "full")}), {Rate:0} msg/s, every tenth with fail-times:1; all must end Delivered:");
        foreach (var scenario in ChaosScenario.All(quick))
        {
            var errorQueued = await ChaosOutcome.ErrorQueueDepthAsync(options);
            var loading = load.OpenLoopAsync(Rate, scenario.FaultLength + TimeSpan.FromSeconds(15), n => n % 10 == 0 ? "fail-times:1" : null);
            await Task.Delay(TimeSpan.FromSeconds(5));
            try
            {
                await scenario.Inject(faults, scenario.FaultLength);
            }
            finally
            {
                await faults.UpAsync();
            }
            var submitted = await loading;
            var outcome = await ChaosOutcome.AwaitAsync(options, submitted.MessageIds, Patience, errorQueued);
            var refused = submitted.Statuses.Where(s => s.Key != 202).Sum(s => s.Value);
            failures += outcome.Holds ? 0 : 1;
            Console.WriteLine($"{(outcome.Holds ? "ok  " : "FAIL")} {scenario.Name} ({scenario.FaultLength.TotalSeconds:0} s): {outcome}; refused while down {refused}");
        }

        var (holds, report) = await PoisonInputs.RunAsync(options, run);
        failures += holds ? 0 : 1;
        Console.WriteLine($"{(holds ? "ok  " : "FAIL")} poison inputs: {report}");
        Console.WriteLine(failures == 0 ? "chaos: every scenario held" : $"chaos: {failures} scenario(s) failed");
        return failures == 0 ? 0 : 1;
    }
}
