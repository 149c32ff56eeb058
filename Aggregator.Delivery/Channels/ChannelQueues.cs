using Aggregator.Contracts;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// The queues of each channel, one per lane: the normal names are fixed by the contract; the high lane's queue beside
/// each takes <see cref="MessagePriority.High"/> commands, with its own consumers, so they never wait behind normal ones.
/// </summary>
public static class ChannelQueues
{
    public static string Name(MessageChannel channel, MessagePriority lane = MessagePriority.Normal)
    {
        var name = channel switch
        {
            MessageChannel.Email => "email_delivery_queue",
            MessageChannel.Sms => "sms_delivery_queue",
            MessageChannel.Whatsapp => "whatsapp_delivery_queue",
            _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel."),
        };
        return lane == MessagePriority.High ? $"{name}_high" : name;
    }

    /// <summary>
    /// The exchange bound to the lane's queue (the consumer's endpoint declares both): a send declares no queue, so it
    /// never clashes with the queue's type (classic or quorum, <c>RabbitMq:QueueType</c>).
    /// </summary>
    public static Uri Address(MessageChannel channel, MessagePriority lane = MessagePriority.Normal) => new($"exchange:{Name(channel, lane)}");
}

/// <summary>Names a channel's lane as a type, so that one generic consumer and one definition serve every queue.</summary>
public interface IChannelQueue
{
    static abstract MessageChannel Channel { get; }

    static virtual MessagePriority Lane => MessagePriority.Normal;
}

public sealed class EmailQueue : IChannelQueue
{
    public static MessageChannel Channel => MessageChannel.Email;
}

public sealed class SmsQueue : IChannelQueue
{
    public static MessageChannel Channel => MessageChannel.Sms;
}

public sealed class WhatsappQueue : IChannelQueue
{
    public static MessageChannel Channel => MessageChannel.Whatsapp;
}

public sealed class EmailHighQueue : IChannelQueue
{
    public static MessageChannel Channel => MessageChannel.Email;

    public static MessagePriority Lane => MessagePriority.High;
}

public sealed class SmsHighQueue : IChannelQueue
{
    public static MessageChannel Channel => MessageChannel.Sms;

    public static MessagePriority Lane => MessagePriority.High;
}

public sealed class WhatsappHighQueue : IChannelQueue
{
    public static MessageChannel Channel => MessageChannel.Whatsapp;

    public static MessagePriority Lane => MessagePriority.High;
}
