using Aggregator.Contracts;
using MassTransit;

namespace Aggregator.Delivery.Channels.Whatsapp;

/// <summary>Consumes <c>whatsapp_delivery_queue</c>.</summary>
public sealed class WhatsappDeliveryConsumer([FromKeyedServices(Channel.Whatsapp)] IChannelProvider provider, DeliveryAttemptRunner runner)
    : IConsumer<DeliverMessage>, IChannelConsumer
{
    public static Channel Channel => Channel.Whatsapp;

    public Task Consume(ConsumeContext<DeliverMessage> context) => runner.RunAsync(context, provider);
}
