using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Aggregator.Contracts;
using Aggregator.Logging.Ingestion;
using Aggregator.Logging.Storage;
using Aggregator.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Aggregator.Tests.Unit.Logging;

public class When_the_log_writer_meets_a_failing_store
{
    /// <summary>Stores in memory, failing a write whenever <c>failure</c> gives an exception for the lines of that write.</summary>
    private sealed class ScriptedStore(Func<IReadOnlyList<ReceivedLogEntry>, int, Exception?> failure) : ILogStore
    {
        private int writes;

        public ConcurrentQueue<string> Stored { get; } = new();

        public ConcurrentQueue<RefusedLogEntry> SetAside { get; } = new();

        public int Writes => writes;

        public Task<LogWriteResult> WriteAsync(IReadOnlyList<ReceivedLogEntry> entries, CancellationToken cancellationToken)
        {
            if (failure(entries, Interlocked.Increment(ref writes)) is { } exception)
            {
                throw exception;
            }
            foreach (var line in entries)
            {
                Stored.Enqueue(line.Entry.Message);
            }
            return Task.FromResult(LogWriteResult.AllStored);
        }

        public Task SetAsideAsync(IReadOnlyList<RefusedLogEntry> refused, CancellationToken cancellationToken)
        {
            foreach (var line in refused)
            {
                SetAside.Enqueue(line);
            }
            return Task.CompletedTask;
        }

        public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<LogEntry>> SearchAsync(LogQuery query, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<LogEntry>>([]);

        public Task<long> DeleteReceivedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => Task.FromResult(0L);
    }

    private static readonly IOptions<LogStoreOptions> Options = Microsoft.Extensions.Options.Options.Create(
        new LogStoreOptions { BatchSize = 100, RetryPauseLimit = TimeSpan.FromMilliseconds(100) });

    private static readonly string[] Messages = ["one", "two", "three", "bad four", "five", "six", "seven", "eight"];

    /// <summary>Queues the lines first, so the writer takes them as one batch, then runs the writer until <paramref name="done"/>.</summary>
    private static async Task RunAsync(ILogStore store, LogStoreAvailability availability, Func<bool> done)
    {
        var queue = new LogIngestQueue(Options, TimeProvider.System);
        queue.TryEnqueue(Messages.Select(m => new LogEntry { Timestamp = DateTimeOffset.UtcNow, Level = "Information", Service = "router", Message = m }).ToList());
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var writer = new LogWriter(queue, store, availability, new LogStoreMetrics(services.GetRequiredService<IMeterFactory>()), Options, NullLogger<LogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.Get(() => Task.FromResult((done(), true)), TimeSpan.FromSeconds(10), "the writer to finish the batch");
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task Should_store_the_rest_of_a_refused_batch_and_set_aside_only_the_bad_line()
    {
        var store = new ScriptedStore((lines, _) =>
            lines.Any(line => line.Entry.Message.StartsWith("bad", StringComparison.Ordinal)) ? new InvalidOperationException("22003: value overflows numeric format") : null);

        await RunAsync(store, new LogStoreAvailability(TimeProvider.System), () => store.Stored.Count + store.SetAside.Count == Messages.Length);

        Assert.Multiple(() =>
        {
            Assert.That(store.Stored, Is.EqualTo(Messages.Where(m => m != "bad four")), "stored in their order");
            Assert.That(store.SetAside.Single().Line.Entry.Message, Is.EqualTo("bad four"));
            Assert.That(store.SetAside.Single().Reason, Does.Contain("22003"));
            Assert.That(store.Writes, Is.LessThanOrEqualTo(2 * Messages.Length), "halving, not one line at a time from the start");
        });
    }

    [Test]
    public async Task Should_keep_the_batch_while_the_store_is_unavailable_and_say_so_meanwhile()
    {
        var availability = new LogStoreAvailability(TimeProvider.System);
        LogStoreAvailability.Outage? seenDuringOutage = null;
        var store = new ScriptedStore((_, write) =>
        {
            if (write == 3)
            {
                seenDuringOutage = availability.Current;
            }
            return write <= 3 ? new LogStoreUnavailableException("PostgreSQL is unavailable: connection refused") : null;
        });

        await RunAsync(store, availability, () => store.Stored.Count == Messages.Length);

        Assert.Multiple(() =>
        {
            Assert.That(store.Stored, Is.EqualTo(Messages));
            Assert.That(store.SetAside, Is.Empty);
            Assert.That(store.Writes, Is.EqualTo(4));
            Assert.That(seenDuringOutage?.Reason, Does.Contain("connection refused"));
            Assert.That(availability.Current, Is.Null, "available again once a write went through");
        });
    }
}
