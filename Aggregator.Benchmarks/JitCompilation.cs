namespace Aggregator.Benchmarks;

/// <summary>
/// Seconds the services' JIT has spent compiling (<c>dotnet_jit_compilation_time_seconds_total</c> on their
/// <c>/metrics</c>). A restarted service compiles and recompiles (tiering) its hot paths for a minute or more, more
/// slowly while the load keeps both cores busy; a service that has run for a while compiles nothing more, so that cost
/// belongs to the start, not to the messages.
/// </summary>
public sealed class JitCompilation(BenchmarkOptions options)
{
    private const string Counter = "dotnet_jit_compilation_time_seconds_total";

    public async Task<double> SecondsAsync()
    {
        var total = 0.0;
        foreach (var service in new[] { options.Router, options.Delivery, options.Logging })
        {
            total += MetricsPage.Samples(await MetricsPage.ReadAsync(service), Counter).Sum(s => s.Value);
        }
        return total;
    }

    /// <summary>
    /// Waits, with no load, until the compilations queued by the warm-up are done (less than 50 ms of compiling in 2 s),
    /// at most <paramref name="longest"/>; returns how long it waited.
    /// </summary>
    public async Task<TimeSpan> SettleAsync(TimeSpan longest)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = await SecondsAsync();
        while (clock.Elapsed < longest)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var now = await SecondsAsync();
            if (now - last < 0.05)
            {
                break;
            }
            last = now;
        }
        return clock.Elapsed;
    }
}
