extern alias Benchmarks;

using Benchmarks::Aggregator.Benchmarks;
using Benchmarks::Aggregator.Benchmarks.History;

namespace Aggregator.Tests.Unit.Benchmarks;

public class When_a_benchmark_run_meets_its_history
{
    private static readonly BenchMachine Here = new("bench-1", 2, "AMD EPYC 7763", 8_000_000);
    private static readonly RunSettings Settings = new(5_000, 64, 0.05);
    private string directory = "";

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("bench-history-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    private static HistoryEntry Run(string commit, BenchMachine machine, double ingest) =>
        new(DateTimeOffset.UnixEpoch, commit, machine, Settings, new Dictionary<string, double> { ["ingest closed-loop msg/s"] = ingest });

    private static BenchFigure Throughput(double value) =>
        new("ingest closed-loop msg/s", value, "msg/s", new BenchLimit(6_073, "publish limit 6,073"), HigherIsBetter: true);

    private static BenchFigure Latency(double value) =>
        new("steady accepted→delivered p99 ms", value, "ms", new BenchLimit(150, "target 150 ms"), HigherIsBetter: false, 1);

    [Test]
    public async Task Should_compare_with_the_latest_run_on_the_same_machine_only()
    {
        var history = new RunHistory(Path.Combine(directory, "history.jsonl"));
        await history.AppendAsync(Run("aaa1111", Here, 2_000));
        await history.AppendAsync(Run("bbb2222", Here with { MemoryKb = 16_000_000 }, 2_100));
        await history.AppendAsync(Run("ccc3333", Here with { Host = "laptop" }, 9_000));
        await history.AppendAsync(Run("ddd4444", Here with { Cores = 8 }, 9_000));
        await history.AppendAsync(Run("eee5555", Here with { CpuModel = "Intel Xeon" }, 9_000));

        var previous = history.PreviousOn(Here);

        Assert.That(previous?.Commit, Is.EqualTo("bbb2222"));
    }

    [Test]
    public async Task Should_pass_over_lines_that_do_not_read_as_a_run()
    {
        var history = new RunHistory(Path.Combine(directory, "history.jsonl"));
        await history.AppendAsync(Run("aaa1111", Here, 2_000));
        await File.AppendAllLinesAsync(history.Path, ["", "not json", "{\"commit\":\"cut", "42", "null", "{}", "{\"commit\":\"x\",\"figures\":{}}"]);

        Assert.That(history.PreviousOn(Here)?.Commit, Is.EqualTo("aaa1111"));
    }

    [Test]
    public void Should_find_nothing_before_the_first_run() => Assert.That(
        new RunHistory(Path.Combine(directory, "history.jsonl")).PreviousOn(Here), Is.Null);

    [Test]
    public async Task Should_read_back_what_it_wrote_including_a_phase_that_measured_nothing()
    {
        var history = new RunHistory(Path.Combine(directory, "nested", "history.jsonl"));
        var entry = Run("aaa1111-dirty", Here, double.NaN);
        await history.AppendAsync(entry);

        var read = history.PreviousOn(Here)!;

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllLines(history.Path), Has.Length.EqualTo(1));
            Assert.That(read with { Figures = entry.Figures }, Is.EqualTo(entry));
            Assert.That(read.Figures["ingest closed-loop msg/s"], Is.NaN);
        });
    }

    [TestCase(true, 2_000, 2_300, "▲ 15 %", false)]
    [TestCase(true, 2_000, 1_900, "▼ 5 %", false)]
    [TestCase(true, 2_000, 1_700, "▼ 15 % ❌ worse", true)]
    [TestCase(true, 2_000, 2_004, "0 %", false)]
    [TestCase(false, 100, 115, "▲ 15 % ❌ worse", true)]
    [TestCase(false, 100, 85, "▼ 15 %", false)]
    [TestCase(false, 100, 109, "▲ 9 %", false)]
    public void Should_call_a_change_worse_beyond_ten_percent_the_wrong_way(bool higherIsBetter, double previous, double current, string text, bool worse)
    {
        var change = new FigureChange(higherIsBetter ? Throughput(current) : Latency(current), previous);
        Assert.Multiple(() =>
        {
            Assert.That(change.Text, Is.EqualTo(text));
            Assert.That(change.IsWorse, Is.EqualTo(worse));
        });
    }

    [Test]
    public void Should_show_no_change_for_a_figure_the_previous_run_did_not_have_or_measured_as_zero() => Assert.Multiple(() =>
    {
        Assert.That(new FigureChange(Throughput(2_000), null).Text, Is.EqualTo("—"));
        Assert.That(new FigureChange(Throughput(2_000), 0).IsWorse, Is.False);
        Assert.That(new FigureChange(Throughput(double.NaN), 2_000).Text, Is.EqualTo("—"));
    });

    [Test]
    public void Should_show_a_figure_beside_its_share_of_the_limit() => Assert.Multiple(() =>
    {
        Assert.That(Throughput(2_171).Text, Is.EqualTo("2,171 msg/s (36 % of publish limit 6,073)"));
        Assert.That(Latency(12.34).Text, Is.EqualTo("12.3 ms (8 % of target 150 ms)"));
        Assert.That(Throughput(2_171) with { Limit = new BenchLimit(0, "no limit") }, Has.Property(nameof(BenchFigure.RatioText)).EqualTo("n/a"));
    });

    [Test]
    public void Should_set_each_figure_beside_the_previous_run_on_this_machine()
    {
        var previous = Run("aaa1111", Here, 2_500) with { Time = new DateTimeOffset(2026, 11, 27, 9, 30, 0, TimeSpan.Zero) };

        var section = ComparisonReport.Render([Throughput(2_000), Latency(120)], previous);

        Assert.That(section, Is.EqualTo("""
            ## Against the previous run on this machine (commit aaa1111, 2026-11-27 09:30 UTC)

            | figure | this run | previous | change |
            | --- | ---: | ---: | ---: |
            | ingest closed-loop msg/s | 2,000 msg/s | 2,500 msg/s | ▼ 20 % ❌ worse |
            | steady accepted→delivered p99 ms | 120.0 ms | — | — |

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void Should_say_when_a_run_is_the_first_on_this_machine() => Assert.That(
        ComparisonReport.Render([Throughput(2_000)], previous: null), Does.Contain("first run on this machine"));

    [Test]
    public async Task Should_record_the_commit_as_unknown_outside_a_repository() => Assert.That(
        await SourceCommit.DescribeAsync(directory), Is.EqualTo("unknown"));
}
