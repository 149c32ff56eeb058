using Aggregator.Contracts;

namespace Aggregator.Delivery.Channels;

/// <summary>A consumer of one channel's queue; lets one definition serve all three.</summary>
public interface IChannelConsumer
{
    static abstract Channel Channel { get; }
}
