using Aggregator.Contracts;
using Aggregator.Delivery.Channels.Email;
using Aggregator.Delivery.Channels.Sms;
using Aggregator.Delivery.Channels.Whatsapp;

namespace Aggregator.Delivery.Channels;

/// <summary>A provider <c>Type</c>: its options, the channels it serves and how its adapter is made.</summary>
public sealed record ProviderType(string Name, Type OptionsType, IReadOnlyList<MessageChannel> Channels, Func<IServiceProvider, MessageChannel, ProviderOptions, IChannelProvider> Create);

/// <summary>Every provider type a <c>Channels:&lt;Channel&gt;:Providers:N:Type</c> may name.</summary>
public static class ProviderTypes
{
    public const string Simulated = nameof(Simulated);

    public static readonly IReadOnlyList<ProviderType> All =
    [
        new(Simulated, typeof(SimulatedProviderOptions), [MessageChannel.Email, MessageChannel.Sms, MessageChannel.Whatsapp],
            (services, channel, options) => SimulatedProvider.For(services, channel, (SimulatedProviderOptions)options)),
        new(SmtpProvider.Type, typeof(SmtpOptions), [MessageChannel.Email],
            (services, _, options) => ActivatorUtilities.CreateInstance<SmtpProvider>(services, options)),
        new(TwilioProvider.Type, typeof(TwilioOptions), [MessageChannel.Sms, MessageChannel.Whatsapp],
            (services, channel, options) => ActivatorUtilities.CreateInstance<TwilioProvider>(services, channel, options)),
        new(WhatsAppCloudProvider.Type, typeof(WhatsAppCloudOptions), [MessageChannel.Whatsapp],
            (services, _, options) => ActivatorUtilities.CreateInstance<WhatsAppCloudProvider>(services, options)),
    ];

    public static ProviderType? Find(string name) =>
        All.FirstOrDefault(type => string.Equals(type.Name, name, StringComparison.OrdinalIgnoreCase));
}
