using Aggregator.Contracts;
using Microsoft.Extensions.Options;
using Aggregator.ServiceDefaults.Messaging;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// A stand-in for a real e-mail, SMS or WhatsApp provider: it waits its configured latency and fails
/// transiently at its configured rate, unless the message's <c>simulate</c> directive (where allowed) says otherwise.
/// </summary>
public sealed class SimulatedProvider(MessageChannel channel, SimulatedProviderOptions options, SimulationOptions simulation, TimeProvider clock)
    : IChannelProvider
{
    /// <summary>The simulated provider of <paramref name="channel"/>, configured from that channel's options.</summary>
    public static SimulatedProvider For(IServiceProvider services, MessageChannel channel) =>
        For(services, channel, SimulatedProviderOptions.Of(services.GetRequiredService<IOptionsMonitor<ChannelOptions>>().Get(channel.ToString())));

    public static SimulatedProvider For(IServiceProvider services, MessageChannel channel, SimulatedProviderOptions options) => new(
        channel,
        options,
        services.GetRequiredService<IOptions<SimulationOptions>>().Value,
        services.GetRequiredService<TimeProvider>());

    public async Task<string> SendAsync(DeliverMessage message, int attempt, CancellationToken cancellationToken)
    {
        var directive = simulation.AllowDirectives ? SimulationDirective.From(message.Metadata) : SimulationDirective.None;
        var latency = directive.DelayMs ?? options.LatencyMs;
        if (latency > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(latency), clock, cancellationToken);
        }
        if (directive.FailPermanent)
        {
            throw new PermanentDeliveryException($"The {Name} provider rejected the recipient (simulated).");
        }
        if (directive.FailAlways || attempt <= directive.FailTimes
            || (directive == SimulationDirective.None && Random.Shared.NextDouble() < options.TransientFailureRate))
        {
            throw new TransientDeliveryException($"The {Name} provider is unavailable (simulated), attempt {attempt}.");
        }
        return $"{Name}-{message.MessageId:N}";
    }

    private string Name => MessageChannels.NameOf(channel);
}
