using System.Threading.Channels;
using Aggregator.Contracts;
using Aggregator.Logging.Storage;
using Microsoft.Extensions.Options;

namespace Aggregator.Logging.Ingestion;

/// <summary>
/// The bounded hand-over between ingestion (HTTP and bus) and the store writer. A batch is taken whole or
/// not at all, so a full queue answers 503 for the batch instead of storing part of it or growing memory.
/// Every entry is sanitised and stamped with its received time on the way in, so both paths store alike.
/// </summary>
public sealed class LogIngestQueue
{
    private readonly Channel<ReceivedLogEntry> channel;
    private readonly int capacity;
    private readonly TimeProvider clock;
    private int count;

    public LogIngestQueue(IOptions<LogStoreOptions> options, TimeProvider clock)
    {
        capacity = options.Value.QueueCapacity;
        this.clock = clock;
        channel = System.Threading.Channels.Channel.CreateUnbounded<ReceivedLogEntry>(new UnboundedChannelOptions { SingleReader = true });
    }

    public ChannelReader<ReceivedLogEntry> Reader => channel.Reader;

    /// <summary>Queues every entry, or none when they do not all fit.</summary>
    public bool TryEnqueue(IReadOnlyList<LogEntry> entries)
    {
        if (Interlocked.Add(ref count, entries.Count) > capacity)
        {
            Interlocked.Add(ref count, -entries.Count);
            return false;
        }
        var receivedAt = clock.GetUtcNow();
        foreach (var entry in entries)
        {
            channel.Writer.TryWrite(new ReceivedLogEntry(LogEntrySanitizer.Sanitize(entry), receivedAt));
        }
        return true;
    }

    /// <summary>Called by the writer for the entries it took off the queue.</summary>
    public void Taken(int entries) => Interlocked.Add(ref count, -entries);
}
