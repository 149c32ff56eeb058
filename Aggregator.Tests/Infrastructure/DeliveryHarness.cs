using Aggregator.Contracts;
using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Channels;
using Aggregator.Delivery.Data;
using Aggregator.Delivery.Extensions;
using Aggregator.Delivery.StateMachines;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// The Delivery saga and channel consumers on MassTransit's in-memory test harness, with the real
/// PostgreSQL repository and attempt log of the run's database. Redelivery intervals are short
/// (100, 200, 300 ms) so that retry scenarios finish quickly; the in-memory transport delays them itself.
/// </summary>
public sealed class DeliveryHarness : IAsyncDisposable
{
    private readonly IHost host;

    private DeliveryHarness(IHost host)
    {
        this.host = host;
        Harness = host.Services.GetTestHarness();
        Saga = Harness.GetSagaStateMachineHarness<MessageStateMachine, MessageState>();
        Calls = host.Services.GetRequiredService<ProviderCalls>();
    }

    public IServiceProvider Services => host.Services;

    /// <summary>Short, so a copy of a command whose consumer died takes the attempt over within seconds.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);

    /// <summary>MassTransit's test harness: what was published, sent and consumed.</summary>
    public ITestHarness Harness { get; }

    public IBus Bus => Harness.Bus;

    public ISagaStateMachineTestHarness<MessageStateMachine, MessageState> Saga { get; }

    public MessageStateMachine Machine => Saga.StateMachine;

    public ProviderCalls Calls { get; }

    /// <param name="settings">Configuration on top of the harness's own, e.g. a channel's provider list.</param>
    /// <param name="services">Services registered before the Delivery service's own, which then keep them.</param>
    public static async Task<DeliveryHarness> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Delivery"] = TestServers.Postgres(TestRun.DeliveryDatabase),
            ["Redelivery:Intervals:0"] = "00:00:00.100",
            ["Redelivery:Intervals:1"] = "00:00:00.200",
            ["Redelivery:Intervals:2"] = "00:00:00.300",
            ["Attempts:Lease"] = Lease.ToString(),
            ["Attempts:ProviderTimeout"] = "00:00:04",
            ["Simulation:AllowDirectives"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:MassTransit"] = "Error",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        services?.Invoke(builder.Services);
        builder.AddDeliveryDatabase();
        builder.AddChannels();
        builder.Services.AddSingleton<ProviderCalls>();
        // The channels with no provider list in the settings use the simulated provider, counted.
        foreach (var channel in Enum.GetValues<MessageChannel>())
        {
            builder.Services.AddKeyedSingleton<IChannelProvider>(channel, (services, _) =>
                new CountedProvider(SimulatedProvider.For(services, channel), services.GetRequiredService<ProviderCalls>()));
        }
        builder.Services.AddMassTransitTestHarness(bus =>
        {
            bus.AddDeliverySaga();
            bus.AddChannelConsumers();
        });

        var host = builder.Build();
        await host.Services.MigrateDatabaseAsync();
        await host.StartAsync();
        return new DeliveryHarness(host);
    }

    public static MessageSubmitted Message(MessageChannel channel = MessageChannel.Sms, string? simulate = null, string body = "Hello", string? subject = null) => new()
    {
        MessageId = NewId.NextGuid(),
        TraceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString(),
        Channel = channel,
        Recipient = channel == MessageChannel.Email ? "jane@example.com" : "+14155552671",
        Subject = subject,
        Body = body,
        Metadata = simulate is null
            ? null
            : new Dictionary<string, System.Text.Json.JsonElement> { ["simulate"] = System.Text.Json.JsonSerializer.SerializeToElement(simulate) },
        SubmittedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>The delivery command the saga would send for <paramref name="message"/>.</summary>
    public static DeliverMessage Command(MessageSubmitted message, int firstAttempt = 1) => new()
    {
        MessageId = message.MessageId,
        TraceId = message.TraceId,
        FirstAttempt = firstAttempt,
        Channel = message.Channel,
        Recipient = message.Recipient,
        Body = message.Body,
        Metadata = message.Metadata,
    };

    /// <summary>
    /// A saga row written straight into the table, as a lost command, a dead consumer or an earlier cycle would have left
    /// it (<paramref name="age"/> without a move), with its command kept when <paramref name="keepCommand"/>.
    /// </summary>
    public Task StrandAsync(MessageSubmitted message, string state, int attempts, TimeSpan age, bool keepCommand = true,
        int? finishedAttempts = null, int firstAttempt = 1, bool leaseExpired = false) =>
        ReadAsync(async db =>
        {
            var since = DateTimeOffset.UtcNow - age;
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO message_states (message_id, state, trace_id, channel, recipient, first_attempt, attempts, finished_attempts,
                                            created_at, updated_at, next_attempt_at, lease_until)
                VALUES ({message.MessageId}, {state}, {message.TraceId}, {message.Channel.ToString()}, '+1******2671', {firstAttempt}, {attempts},
                        {finishedAttempts ?? attempts}, {since}, {since}, CASE WHEN {state} = 'Retrying' THEN {since}::timestamptz END,
                        CASE WHEN {leaseExpired} THEN now() - interval '1 minute' END)
                """);
            if (keepCommand)
            {
                var command = System.Text.Json.JsonSerializer.Serialize(Command(message, firstAttempt));
                await db.Database.ExecuteSqlAsync($"INSERT INTO delivery_commands (message_id, command, kept_at) VALUES ({message.MessageId}, {command}, now())");
            }
            return 0;
        });

    /// <summary>Waits until the saga of <paramref name="messageId"/> is in <paramref name="state"/>.</summary>
    public async Task<MessageState> WaitForState(Guid messageId, Func<MessageStateMachine, State> state, TimeSpan? timeout = null)
    {
        var found = await Saga.Exists(messageId, state, timeout ?? TimeSpan.FromSeconds(15));
        Assert.That(found, Is.Not.Null, $"Saga {messageId} did not reach {state(Machine).Name}.");
        return await MessageAsync(messageId);
    }

    /// <summary>The saga row of <paramref name="messageId"/> as stored now.</summary>
    public Task<MessageState> MessageAsync(Guid messageId) =>
        ReadAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.CorrelationId == messageId));

    public Task<List<DeliveryAttempt>> AttemptsAsync(Guid messageId) =>
        ReadAsync(db => db.Attempts.AsNoTracking().Where(a => a.MessageId == messageId).OrderBy(a => a.Attempt).ToListAsync());

    /// <summary>Sends a delivery command straight to its channel's queue, as a redelivery or a re-send would.</summary>
    public async Task SendCommandAsync(DeliverMessage command)
    {
        var endpoint = await Bus.GetSendEndpoint(ChannelQueues.Address(command.Channel));
        await endpoint.Send(command);
    }

    /// <summary>How many copies of <paramref name="messageId"/>'s command were consumed to the end (not waiting, not failed).</summary>
    /// <summary>The <c>DeliverMessage</c> commands of <paramref name="messageId"/> sent through the broker (none when its attempts ran in process).</summary>
    public List<ISentMessage<DeliverMessage>> CommandsSent(Guid messageId) =>
        Harness.Sent.Select<DeliverMessage>(m => m.Context.Message.MessageId == messageId).ToList();

    public int CommandsConsumed(Guid messageId) =>
        Harness.Consumed.Select<DeliverMessage>(c => c.Context.Message.MessageId == messageId && c.Exception is null).Count();

    /// <summary>Claims attempt <paramref name="attempt"/> as a channel consumer would, with the harness's lease.</summary>
    public Task<AttemptClaim> BeginAttemptAsync(Guid messageId, int attempt, TimeSpan? lease = null) =>
        WithScopeAsync(services => services.GetRequiredService<MessageStateWrites>()
            .BeginAttemptAsync(messageId, attempt, DateTimeOffset.UtcNow, lease ?? Lease, CancellationToken.None));

    public Task<T> ReadAsync<T>(Func<DeliveryDbContext, Task<T>> query) =>
        WithScopeAsync(services => query(services.GetRequiredService<DeliveryDbContext>()));

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
