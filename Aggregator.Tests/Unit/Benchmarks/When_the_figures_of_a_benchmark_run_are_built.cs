extern alias Benchmarks;

using Benchmarks::Aggregator.Benchmarks;

namespace Aggregator.Tests.Unit.Benchmarks;

public class When_the_figures_of_a_benchmark_run_are_built
{
    private static readonly Latencies Some = new(5, 10, 20, 40, 100);

    private static IngestResult Ingest(double perSecond) => new(perSecond, Some, new Dictionary<int, int> { [202] = 100 }, [], DateTimeOffset.UnixEpoch);

    private static RunFigures Figures(out string report)
    {
        var endToEnd = new EndToEndResult(5_000, 5_000, 1_000, Some, Some);
        var batch = new BatchIngest(500, 8, Ingest(12_000), 12_000 / 2_171.0);
        var priority = new PriorityResult(20_000, 19_000, 18_900, 300, 197);
        var cpu = new Dictionary<string, double> { ["router"] = 0.5, ["delivery"] = 1.5 };
        var figures = RunFigures.Of(6_073, 20_000, 8_000, Ingest(2_171), Ingest(1_085), batch, endToEnd, 4, 2, 2_500, cpu, endToEnd, priority);
        report = MarkdownReport.Render(figures, 6_073, 20_000, 8_000, 48, Ingest(2_171), Ingest(1_085), batch, endToEnd, 2_500, 500, endToEnd, priority);
        return figures;
    }

    [Test]
    public void Should_hold_a_cost_per_delivered_against_the_rate_its_limit_allows() => Assert.Multiple(() =>
    {
        var figures = Figures(out _);
        Assert.That(figures.BusPerDelivered.Text, Is.EqualTo("4.00 per delivered (20 % of publish→consume limit 20,000/s, which at this cost allows 5,000 delivered/s)"));
        Assert.That(figures.CommitsPerDelivered.Text, Is.EqualTo("2.00 per delivered (25 % of commit limit 8,000/s, which at this cost allows 4,000 delivered/s)"));
    });

    [Test]
    public void Should_hold_every_process_against_the_whole_cpu_target() => Assert.That(
        Figures(out _).All.Where(f => f.Name.StartsWith("CPU", StringComparison.Ordinal)).Select(f => f.Text),
        Is.EqualTo(new[]
        {
            "2.00 ms (80 % of target 2.5 ms in total)",
            "1.50 ms (60 % of target 2.5 ms in total)",
            "0.50 ms (20 % of target 2.5 ms in total)",
        }));

    [Test]
    public void Should_name_every_figure_once_so_that_history_can_key_on_the_name() => Assert.That(
        Figures(out _).All.Select(f => f.Name), Is.Unique.And.Exactly(12).Items);

    [Test]
    public void Should_show_each_figure_beside_its_limit_in_the_report()
    {
        Figures(out var report);
        TestContext.Out.WriteLine(report);
        Assert.That(report, Does.Contain("| closed-loop accepted msg/s | 2,171 msg/s (36 % of publish limit 6,073) |")
            .And.Contain("| delivered msg/s sustained | 1,000 msg/s (40 % of design ceiling 2,500) |")
            .And.Contain("| high message accepted → delivered | 300 ms (30 % of target 1,000 ms)"));
    }
}
