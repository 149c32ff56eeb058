using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Channels;
using Aggregator.Delivery.Data;
using Aggregator.Delivery.Persistence;
using Aggregator.Delivery.StateMachines;
using Aggregator.ServiceDefaults.Messaging;

namespace Aggregator.Delivery.Extensions;

public static class DeliveryServiceExtensions
{
    public static IHostApplicationBuilder AddDeliveryServices(this IHostApplicationBuilder builder)
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
        builder.AddChannels();

        builder.AddMessageBus(bus =>
        {
            bus.AddSagaStateMachine<MessageStateMachine, MessageState>(typeof(MessageStateDefinition))
                .PostgresRepository<DeliveryDbContext, MessageState>();
            bus.AddChannelConsumers();
        });
        return builder;
    }
}
