using Aggregator.Contracts;
using Aggregator.Delivery.Receipts;
using Aggregator.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Channels;

public static class ChannelExtensions
{
    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        foreach (var channel in Enum.GetValues<MessageChannel>())
        {
            builder.Services.AddOptions<ChannelOptions>(channel.ToString())
                .BindConfiguration($"{ChannelOptions.Section}:{channel}")
                .ValidateDataAnnotations()
                .ValidateOnStart();
            builder.Services.AddOptions<ChannelProviderList>(channel.ToString())
                .Configure<IConfiguration>((list, configuration) => ChannelProviderList.Read(list, configuration, channel))
                .ValidateOnStart();
            builder.Services.AddKeyedSingleton<IChannelProvider>(channel, (services, _) => SimulatedProvider.For(services, channel));
            AddHttpClients(builder, channel);
        }
        builder.Services.AddSingleton<IValidateOptions<ChannelProviderList>, ChannelProviderListValidation>();
        builder.Services.AddSingleton<ProviderChains>();
        builder.Services.AddSingleton<ProviderMetrics>();
        builder.Services.AddValidatedOptions<DeliveryOptions>(DeliveryOptions.Section);
        builder.Services.AddOptions<SimulationOptions>().BindConfiguration(SimulationOptions.Section);
        builder.Services.AddValidatedOptions<RedeliveryOptions>(RedeliveryOptions.Section)
            .PostConfigure(options => options.Intervals = options.Intervals.Length > 0 ? options.Intervals : RedeliveryOptions.DefaultIntervals);
        builder.Services.AddScoped<DeliveryAttemptRunner>();
        builder.Services.AddSingleton<AttemptSlots>();
        builder.Services.AddSingleton<FirstAttemptStarter>();
        return builder;
    }

    public static void AddChannelConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ChannelDeliveryConsumer<EmailQueue>, ChannelConsumerDefinition<EmailQueue>>();
        bus.AddConsumer<ChannelDeliveryConsumer<SmsQueue>, ChannelConsumerDefinition<SmsQueue>>();
        bus.AddConsumer<ChannelDeliveryConsumer<WhatsappQueue>, ChannelConsumerDefinition<WhatsappQueue>>();
        bus.AddConsumer<ChannelDeliveryConsumer<EmailHighQueue>, ChannelConsumerDefinition<EmailHighQueue>>();
        bus.AddConsumer<ChannelDeliveryConsumer<SmsHighQueue>, ChannelConsumerDefinition<SmsHighQueue>>();
        bus.AddConsumer<ChannelDeliveryConsumer<WhatsappHighQueue>, ChannelConsumerDefinition<WhatsappHighQueue>>();
    }

    /// <summary>The HTTP providers' clients are registered before the container exists, so from the list as configured now.</summary>
    private static void AddHttpClients(IHostApplicationBuilder builder, MessageChannel channel)
    {
        var list = new ChannelProviderList();
        ChannelProviderList.Read(list, builder.Configuration, channel);
        foreach (var options in list.Providers.OfType<HttpProviderOptions>())
        {
            ProviderHttpClients.Add(builder.Services, channel, options);
        }
    }
}
