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
        bus.AddConsumer<SchedulerConsumer>(consumer =>
                // A database hiccup must not push a pending retry into the error queue.
                consumer.UseMessageRetry(retry => retry.Intervals(100, 500, 1000, 2000, 5000)))
            .Endpoint(endpoint => endpoint.Name = options.QueueName);
    }

    public static void UseScheduler(this IBusFactoryConfigurator bus, IRegistrationContext context) =>
        bus.UseMessageScheduler(context.GetRequiredService<IOptions<SchedulerOptions>>().Value.Address);
}
