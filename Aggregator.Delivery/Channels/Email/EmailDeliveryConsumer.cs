using Aggregator.Contracts;
using MassTransit;

namespace Aggregator.Delivery.Channels.Email;

/// <summary>Consumes <c>email_delivery_queue</c>.</summary>
public sealed class EmailDeliveryConsumer([FromKeyedServices(Channel.Email)] IChannelProvider provider, DeliveryAttemptRunner runner)
    : IConsumer<DeliverMessage>, IChannelConsumer
{
    public static Channel Channel => Channel.Email;

    public Task Consume(ConsumeContext<DeliverMessage> context) => runner.RunAsync(context, provider);
}
