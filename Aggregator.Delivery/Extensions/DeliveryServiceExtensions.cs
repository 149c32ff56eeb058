using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Channels;
using Aggregator.Delivery.Data;
using Aggregator.Delivery.Persistence;
using Aggregator.Delivery.Scheduling;
using Aggregator.Delivery.StateMachines;
using Aggregator.ServiceDefaults.Messaging;
using MassTransit;

namespace Aggregator.Delivery.Extensions;

public static class DeliveryServiceExtensions
{
    public static IHostApplicationBuilder AddDeliveryServices(this IHostApplicationBuilder builder)
    {
        builder.AddDeliveryDatabase();
        builder.AddChannels();
        builder.AddScheduler();

        var scheduler = builder.Configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>() ?? new SchedulerOptions();
        builder.AddMessageBus(
            bus =>
            {
                bus.AddDeliverySaga();
                bus.AddChannelConsumers();
                bus.AddSchedulerConsumer(scheduler);
            },
            (context, rabbit) => rabbit.UseScheduler(context));
        return builder;
    }

    /// <summary>The Delivery database: saga state, attempts and scheduled messages, through one pooled DbContext.</summary>
    public static IHostApplicationBuilder AddDeliveryDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Delivery");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("ConnectionStrings:Delivery is not set; the Delivery service needs its PostgreSQL database.");
        }
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDbContextPool<DeliveryDbContext>(options => options.UseDeliveryDatabase(connectionString));
        builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: "postgresql");
        builder.Services.AddScoped<AttemptLog>();
        return builder;
    }

    public static void AddDeliverySaga(this IBusRegistrationConfigurator bus)
    {
        bus.AddSingleton<MessageMetrics>();
        bus.AddSingleton<MessageTransitions>();
        bus.AddSagaStateMachine<MessageStateMachine, MessageState>(typeof(MessageStateDefinition))
            .PostgresRepository<DeliveryDbContext, MessageState>();
    }
}
