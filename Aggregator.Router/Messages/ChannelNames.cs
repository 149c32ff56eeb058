using Aggregator.Contracts;

namespace Aggregator.Router.Messages;

/// <summary>Reads the channel names clients send; case-insensitive, numbers not accepted.</summary>
public static class ChannelNames
{
    public static bool TryParse(string? value, out Channel channel)
    {
        channel = default;
        return !string.IsNullOrWhiteSpace(value)
            && !char.IsDigit(value[0])
            && Enum.TryParse(value, ignoreCase: true, out channel)
            && Enum.IsDefined(channel);
    }
}
