using Aggregator.Contracts;
using MassTransit;

namespace Aggregator.Delivery.Channels.Sms;

/// <summary>Consumes <c>sms_delivery_queue</c>.</summary>
public sealed class SmsDeliveryConsumer([FromKeyedServices(Channel.Sms)] IChannelProvider provider, DeliveryAttemptRunner runner)
    : IConsumer<DeliverMessage>, IChannelConsumer
{
    public static Channel Channel => Channel.Sms;

    public Task Consume(ConsumeContext<DeliverMessage> context) => runner.RunAsync(context, provider);
}
