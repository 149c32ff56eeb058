extern alias Benchmarks;

using Benchmarks::Aggregator.Benchmarks;

namespace Aggregator.Tests.Unit.Benchmarks;

public class When_the_cpu_per_delivered_is_split_by_unit_costs
{
    private static readonly UnitCosts Units = new(BusMessageMs: 0.5, CommitMs: 0.25);

    [Test]
    public void Should_price_every_bus_message_and_commit_and_leave_the_rest() => Assert.That(
        Units.Split(acceptingMs: 0.75, busPerDelivered: 2.5, commitsPerDelivered: 1.5, cpuMsPerDelivered: 4),
        Is.EqualTo(new CpuSplit(Accepting: 0.75, BusMessages: 1.25, Commits: 0.375, Rest: 1.625, Total: 4, Floor: 1.5)));

    [Test]
    public void Should_put_the_floor_of_the_contract_beside_the_measured_total()
    {
        var report = CpuSplitReport.Render(Units, Units.Split(0.75, 2.5, 1.5, 4), jitMs: 0.1);
        TestContext.Out.WriteLine(report);
        Assert.That(report, Does.Contain("| bus messages | 1.25 ms | 31 % |")
            .And.Contain("the JIT still compiling, at most 0.10 ms")
            .And.Contain("| measured total | 4.00 ms | 100 % | 8.00 bus messages' worth")
            .And.Contain("| floor: accept it, one bus message, one commit | 1.50 ms | 38 % |"));
    }

    [Test]
    public void Should_keep_the_unit_costs_in_the_history_under_names_of_their_own() => Assert.That(
        Units.Figures(cpuMsPerDelivered: 4).Select(f => (f.Name, f.Value)),
        Is.EqualTo(new[] { ("CPU ms per bus message", 0.5), ("CPU ms per PostgreSQL commit", 0.25), ("CPU per delivered in bus messages", 8.0) }));
}
