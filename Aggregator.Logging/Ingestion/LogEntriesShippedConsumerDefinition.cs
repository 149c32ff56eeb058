using MassTransit;

namespace Aggregator.Logging.Ingestion;

/// <summary>
/// While the ingest queue is full (the store is behind or away), a shipped batch waits instead of going to the error
/// queue: retried in memory with pauses growing to 30 s for about ten minutes, later batches waiting in RabbitMQ meanwhile.
/// </summary>
public sealed class LogEntriesShippedConsumerDefinition : ConsumerDefinition<LogEntriesShippedConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<LogEntriesShippedConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<LogIngestQueueFullException>();
            retry.Exponential(25, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
        });
}
