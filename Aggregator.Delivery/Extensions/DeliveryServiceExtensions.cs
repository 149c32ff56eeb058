using Aggregator.ServiceDefaults.Data;
using Aggregator.ServiceDefaults.Http;
using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Channels;
using Aggregator.Delivery.Data;
using Aggregator.Delivery.Persistence;
using Aggregator.Delivery.Receipts;
using Aggregator.Delivery.Resilience;
using Aggregator.Delivery.Retention;
using Aggregator.Delivery.Scheduling;
using Aggregator.Delivery.StateMachines;
using Aggregator.Delivery.Sweeping;
using Aggregator.Delivery.Webhooks;
using Aggregator.ServiceDefaults;
using Aggregator.ServiceDefaults.Messaging;
using MassTransit;

namespace Aggregator.Delivery.Extensions;

public static class DeliveryServiceExtensions
{
    public static IHostApplicationBuilder AddDeliveryServices(this IHostApplicationBuilder builder)
    {
        builder.AddDeliveryDatabase();
        builder.AddChannels();
        builder.AddReceipts();
        builder.AddScheduler();
        builder.Services.AddValidatedOptions<SweeperOptions>(SweeperOptions.Section);
        builder.Services.AddHostedService<StuckMessageSweeper>();
        builder.Services.AddValidatedOptions<RetentionOptions>(RetentionOptions.Section);
        builder.Services.AddHostedService<RetentionJob>();

        var scheduler = builder.Configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>() ?? new SchedulerOptions();
        builder.AddMessageBus(
            bus =>
            {
                bus.AddDeliverySaga();
                bus.AddChannelConsumers();
                bus.AddSchedulerConsumer(scheduler);
                bus.AddWebhooks();
            },
            (context, rabbit) => rabbit.UseScheduler(context));
        return builder;
    }

    /// <summary>The Delivery database: saga state, attempts, scheduled messages and the key ring that encrypts them, through one pooled DbContext.</summary>
    public static IHostApplicationBuilder AddDeliveryDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Delivery");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("ConnectionStrings:Delivery is not set; the Delivery service needs its PostgreSQL database.");
        }
        connectionString = DeliveryConnectionPool.Sized(connectionString);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDbContextPool<DeliveryDbContext>(options => options.UseDeliveryDatabase(connectionString));
        builder.Services.AddDeliveryKeyRing();
        builder.Services.AddSingleton<OutageWaits>();
        builder.Services.AddHealthChecks()
            .AddNpgSql(connectionString, name: "postgresql")
            .AddCheck<OutageWaits>("consumers");
        builder.Services.AddOutageProblems("PostgreSQL", DatabaseOutage.IsUnavailable);
        builder.Services.AddScoped<AttemptLog>();
        builder.Services.AddScoped<MessageStateWrites>();
        builder.Services.AddValidatedOptions<AttemptOptions>(AttemptOptions.Section);
        return builder;
    }

    public static void AddDeliverySaga(this IBusRegistrationConfigurator bus)
    {
        bus.AddSingleton<MessageMetrics>();
        bus.AddSingleton<StateChangeLog>();
        bus.AddSagaStateMachine<MessageStateMachine, MessageState>(typeof(MessageStateDefinition))
            .PostgresRepository<DeliveryDbContext, MessageState>();
    }
}
