using Aggregator.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Scheduling;

public static class SchedulingExtensions
{
    public static IHostApplicationBuilder AddScheduler(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<SchedulerOptions>(SchedulerOptions.Section);
        builder.Services.AddSingleton<SchedulerMetrics>();
        builder.Services.AddHostedService<ScheduledMessageDispatcher>();
        return builder;
    }

    /// <summary>Our scheduler serves MassTransit's scheduled redelivery and every <see cref="IMessageScheduler"/> call.</summary>
    public static void AddSchedulerConsumer(this IBusRegistrationConfigurator bus, SchedulerOptions options)
    {
        bus.AddMessageScheduler(options.Address);
        bus.AddConsumer<SchedulerConsumer, SchedulerConsumerDefinition>();
    }

    public static void UseScheduler(this IBusFactoryConfigurator bus, IRegistrationContext context) =>
        bus.UseMessageScheduler(context.GetRequiredService<IOptions<SchedulerOptions>>().Value.Address);
}
