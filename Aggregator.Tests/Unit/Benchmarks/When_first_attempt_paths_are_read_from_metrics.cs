extern alias Benchmarks;

using Benchmarks::Aggregator.Benchmarks;

namespace Aggregator.Tests.Unit.Benchmarks;

public class When_first_attempt_paths_are_read_from_metrics
{
    private const string Before = """
        # TYPE aggregator_attempts_first_total counter
        aggregator_attempts_first_total{otel_scope_name="Aggregator.delivery",ran="in_process"} 100 1764320000000
        aggregator_attempts_first_total{otel_scope_name="Aggregator.delivery",ran="queue_no_slot"} 4
        aggregator_attempts_first_totalx{ran="in_process"} 999
        aggregator_messages_stuck_total{ran="in_process"} 7
        """;

    private const string After = """
        aggregator_attempts_first_total{otel_scope_name="Aggregator.delivery",ran="in_process"} 1.9e3 1764320060000
        aggregator_attempts_first_total{otel_scope_name="Aggregator.delivery",ran="queue_no_slot"} 104
        aggregator_attempts_first_total{otel_scope_name="Aggregator.delivery",ran="queue_after_exception"} 2
        """;

    [Test]
    public void Should_count_each_path_in_the_phase_only()
    {
        var ran = FirstAttemptPaths.Since(FirstAttemptPaths.Parse(Before), FirstAttemptPaths.Parse(After));

        Assert.That(ran, Is.EquivalentTo(new Dictionary<string, double>
        {
            ["in_process"] = 1800,
            ["queue_no_slot"] = 100,
            ["queue_after_exception"] = 2,
        }));
    }

    [Test]
    public void Should_show_each_path_with_its_share()
    {
        var table = FirstAttemptPaths.Render(new Dictionary<string, double> { ["in_process"] = 900, ["queue_no_slot"] = 100 });

        Assert.Multiple(() =>
        {
            Assert.That(table, Does.Contain("| in_process | 900 | 90.0 % |"));
            Assert.That(table, Does.Contain("| queue_no_slot | 100 | 10.0 % |"));
        });
    }

    [Test]
    public void Should_read_a_sample_without_labels_and_skip_a_longer_name_and_a_timestamp() => Assert.That(
        MetricsPage.Samples("""
            # HELP dotnet_jit_compilation_time_seconds_total JIT time
            dotnet_jit_compilation_time_seconds_total 12.5 1764320000000
            dotnet_jit_compilation_time_seconds_total_more 3
            """, "dotnet_jit_compilation_time_seconds_total"),
        Is.EqualTo(new[] { ("", 12.5) }));
}
