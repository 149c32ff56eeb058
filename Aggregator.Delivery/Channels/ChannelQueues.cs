using Aggregator.Contracts;

namespace Aggregator.Delivery.Channels;

/// <summary>The queue of each channel; the names are fixed by the contract.</summary>
public static class ChannelQueues
{
    public static string Name(MessageChannel channel) => channel switch
    {
        MessageChannel.Email => "email_delivery_queue",
        MessageChannel.Sms => "sms_delivery_queue",
        MessageChannel.Whatsapp => "whatsapp_delivery_queue",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel."),
    };

    public static Uri Address(MessageChannel channel) => new($"queue:{Name(channel)}");
}

/// <summary>Names a channel as a type, so that one generic consumer and one definition serve every channel's queue.</summary>
public interface IChannelQueue
{
    static abstract MessageChannel Channel { get; }
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
