using MassTransit;

namespace Aggregator.Logging.Ingestion;

/// <summary>
/// While the ingest queue is full (the store is behind or away), a shipped batch waits instead of going to the error
/// queue: retried in place without limit, pauses growing to 30 s, later batches waiting in RabbitMQ meanwhile. A limit
/// would only move the loss to outages longer than the limit (the services ship over the bus exactly while the
/// Logging API answers 503), as for Delivery's consumers (OutageRetry).
/// </summary>
public sealed class LogEntriesShippedConsumerDefinition : ConsumerDefinition<LogEntriesShippedConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<LogEntriesShippedConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<LogIngestQueueFullException>();
            retry.Exponential(int.MaxValue, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
        });
}
