using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Aggregator.ServiceDefaults.Messaging;

public static class MessageBusExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ with publisher confirms, kebab-case endpoint names and a start-up that
    /// fails loudly when the broker cannot be reached. <paramref name="configure"/> adds the service's
    /// consumers and sagas; <paramref name="configureBus"/> adds bus-level settings.
    /// </summary>
    public static IHostApplicationBuilder AddMessageBus(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? configure = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null)
    {
        builder.Services.AddValidatedOptions<RabbitMqOptions>(RabbitMqOptions.Section);

        builder.Services.AddOptions<MassTransitHostOptions>().Configure(options =>
        {
            options.WaitUntilStarted = true;
            options.StartTimeout = TimeSpan.FromSeconds(30);
            options.StopTimeout = TimeSpan.FromSeconds(30);
            // A consumer waiting out an outage is cancelled at shutdown and its message goes back to the queue;
            // without this a stop during an outage blocks until the stop timeout.
            options.ConsumerStopTimeout = TimeSpan.FromSeconds(5);
        });

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            // Self-hosted and often offline: nothing is reported to MassTransit's usage service.
            bus.DisableUsageTelemetry();
            // Every endpoint ConfigureEndpoints makes, and those a service configures itself through
            // IBusRegistrationContext.GetConfigureReceiveEndpoints(), gets the configured queue type.
            bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit
                    && context.GetRequiredService<IOptions<RabbitMqOptions>>().Value.QueueType == RabbitMqQueueType.Quorum)
                {
                    rabbit.SetQuorumQueue();
                }
            });
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                rabbit.Host(options.Host, (ushort)options.Port, options.VirtualHost, host =>
                {
                    host.Username(options.Username);
                    host.Password(options.Password);
                    host.PublisherConfirmation = true;
                });
                configureBus?.Invoke(context, rabbit);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
