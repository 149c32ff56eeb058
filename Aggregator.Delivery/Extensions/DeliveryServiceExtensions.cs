using Aggregator.ServiceDefaults.Data;
using Aggregator.ServiceDefaults.Http;
using Aggregator.Delivery.Apis;
using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Channels;
using Aggregator.Delivery.Data;
using Aggregator.Delivery.Intake;
using Aggregator.Delivery.Persistence;
using Aggregator.Delivery.Receipts;
using Aggregator.Delivery.Resilience;
using Aggregator.Delivery.Retention;
using Aggregator.Delivery.Scheduling;
using Aggregator.Delivery.StateMachines;
using Aggregator.Delivery.StatusEvents;
using Aggregator.Contracts;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Aggregator.Delivery.Sweeping;
using Aggregator.Delivery.Webhooks;
using Aggregator.ServiceDefaults;
using Aggregator.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Aggregator.Delivery.Extensions;

public static class DeliveryServiceExtensions
{
    public static IHostApplicationBuilder AddDeliveryServices(this IHostApplicationBuilder builder)
    {
        builder.AddDeliveryDatabase();
        builder.AddChannels();
        builder.AddReceipts();
        builder.AddScheduler();
        builder.AddSupportConsole();
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
            (context, rabbit) =>
            {
                rabbit.UseScheduler(context);
                rabbit.ConfigureSagaLanes(context);
            });
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
        builder.Services.AddSingleton(services => new StatementBatcher(
            connectionString, services.GetRequiredService<IOptions<AttemptOptions>>().Value.WriteConnections));
        builder.Services.AddScoped<MessageStateWrites>();
        builder.Services.AddScoped<SagaCommitHooks>();
        builder.Services.AddSingleton<NewSagaWriter>();
        builder.Services.AddScoped<MessageCancellation>();
        builder.Services.AddValidatedOptions<AttemptOptions>(AttemptOptions.Section);
        return builder;
    }

    public static void AddDeliverySaga(this IBusRegistrationConfigurator bus)
    {
        bus.AddSingleton<MessageMetrics>();
        bus.AddSingleton<StateChangeLog>();
        bus.TryAddSingleton<IStatusListeners, NoStatusListeners>();
        bus.AddSingleton<StatusEventPublisher>();
        bus.AddSingleton<StatusEventObserver>();
        // On a RabbitMQ bus ConfigureSagaLanes puts it on its two lanes (ConfigureEndpoints then leaves it alone); on the
        // test harness it gets its one default endpoint.
        bus.AddSagaStateMachine<MessageStateMachine, MessageState>(typeof(MessageStateDefinition))
            .PostgresRepository<DeliveryDbContext, MessageState>();
        bus.AddConsumer<SubmittedBatchConsumer, SubmittedBatchConsumerDefinition>();
    }

    /// <summary>
    /// The saga on two queues: the normal lane takes every published event; the high lane only what is sent to it
    /// (high-priority submissions from the Router, their attempts' failures), so urgent messages never wait behind a backlog.
    /// </summary>
    public static void ConfigureSagaLanes(this IRabbitMqBusFactoryConfigurator rabbit, IBusRegistrationContext context)
    {
        // Configured here rather than by ConfigureEndpoints, so the endpoint callbacks (the queue type) are applied here.
        var callbacks = context.GetConfigureReceiveEndpoints();
        rabbit.ReceiveEndpoint(MessageLanes.Saga, endpoint =>
        {
            callbacks.Configure(MessageLanes.Saga, endpoint);
            endpoint.ConfigureSaga<MessageState>(context);
        });
        rabbit.ReceiveEndpoint(MessageLanes.SagaHigh, endpoint =>
        {
            callbacks.Configure(MessageLanes.SagaHigh, endpoint);
            endpoint.ConfigureConsumeTopology = false;
            endpoint.ConfigureSaga<MessageState>(context);
        });
    }
}
