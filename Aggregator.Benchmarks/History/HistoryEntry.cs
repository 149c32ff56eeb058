namespace Aggregator.Benchmarks.History;

/// <summary>The options that change the figures: a run with other settings is not the same experiment.</summary>
public sealed record RunSettings(int Messages, int Concurrency, double RetryShare);

/// <summary>One line of <c>history.jsonl</c>: one run.</summary>
public sealed record HistoryEntry(DateTimeOffset Time, string Commit, BenchMachine Machine, RunSettings Settings, IReadOnlyDictionary<string, double> Figures);
