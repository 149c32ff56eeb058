using Aggregator.Contracts;
using MassTransit;

namespace Aggregator.Logging.Ingestion;

/// <summary>The bus path into the same queue as <c>POST /api/v1/logs</c>; a full queue fails the message so it is tried again (see its definition).</summary>
public sealed class LogEntriesShippedConsumer(LogIngestQueue queue) : IConsumer<LogEntriesShipped>
{
    public Task Consume(ConsumeContext<LogEntriesShipped> context)
    {
        if (!queue.TryEnqueue(context.Message.Entries))
        {
            throw new LogIngestQueueFullException();
        }
        return Task.CompletedTask;
    }
}
