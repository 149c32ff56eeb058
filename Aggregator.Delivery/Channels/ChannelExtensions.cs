using Aggregator.Contracts;
using Aggregator.Delivery.Channels.Email;
using Aggregator.Delivery.Channels.Sms;
using Aggregator.Delivery.Channels.Whatsapp;
using Aggregator.ServiceDefaults;
using MassTransit;

namespace Aggregator.Delivery.Channels;

public static class ChannelExtensions
{
    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        foreach (var channel in Enum.GetValues<Channel>())
        {
            builder.Services.AddOptions<ChannelOptions>(channel.ToString())
                .BindConfiguration($"{ChannelOptions.Section}:{channel}")
                .ValidateDataAnnotations()
                .ValidateOnStart();
            builder.Services.AddKeyedSingleton<IChannelProvider>(channel, (services, _) => SimulatedProvider.For(services, channel));
        }
        builder.Services.AddOptions<SimulationOptions>().BindConfiguration(SimulationOptions.Section);
        builder.Services.AddValidatedOptions<RedeliveryOptions>(RedeliveryOptions.Section)
            .PostConfigure(options => options.Intervals = options.Intervals.Length > 0 ? options.Intervals : RedeliveryOptions.DefaultIntervals);
        builder.Services.AddScoped<DeliveryAttemptRunner>();
        return builder;
    }

    public static void AddChannelConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<EmailDeliveryConsumer, ChannelConsumerDefinition<EmailDeliveryConsumer>>();
        bus.AddConsumer<SmsDeliveryConsumer, ChannelConsumerDefinition<SmsDeliveryConsumer>>();
        bus.AddConsumer<WhatsappDeliveryConsumer, ChannelConsumerDefinition<WhatsappDeliveryConsumer>>();
    }
}
