using Aggregator.Contracts;

namespace Aggregator.Delivery.Channels;

/// <summary>The queue of each channel; the names are fixed by the contract.</summary>
public static class ChannelQueues
{
    public static string Name(Channel channel) => channel switch
    {
        Channel.Email => "email_delivery_queue",
        Channel.Sms => "sms_delivery_queue",
        Channel.Whatsapp => "whatsapp_delivery_queue",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel."),
    };

    public static Uri Address(Channel channel) => new($"queue:{Name(channel)}");
}

/// <summary>Names a channel as a type, so that one generic consumer and one definition serve every channel's queue.</summary>
public interface IChannelQueue
{
    static abstract Channel Channel { get; }
}

public sealed class EmailQueue : IChannelQueue
{
    public static Channel Channel => Channel.Email;
}

public sealed class SmsQueue : IChannelQueue
{
    public static Channel Channel => Channel.Sms;
}

public sealed class WhatsappQueue : IChannelQueue
{
    public static Channel Channel => Channel.Whatsapp;
}
