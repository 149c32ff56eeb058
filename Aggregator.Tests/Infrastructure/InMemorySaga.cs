using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.Delivery.Data;
using Aggregator.Delivery.StateMachines;
using Aggregator.Delivery.StatusEvents;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// The message state machine alone on MassTransit's in-memory harness: in-memory transport and saga repository, kept
/// commands in EF Core's in-memory database. Milliseconds per spec, for the machine's own rules; the PostgreSQL specs
/// cover the same machine with its real repository, locks and transactions.
/// </summary>
public sealed class InMemorySaga : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private InMemorySaga(ServiceProvider provider)
    {
        this.provider = provider;
        Harness = provider.GetRequiredService<ITestHarness>();
        Saga = Harness.GetSagaStateMachineHarness<MessageStateMachine, MessageState>();
    }

    public ITestHarness Harness { get; }

    public ISagaStateMachineTestHarness<MessageStateMachine, MessageState> Saga { get; }

    public MessageStateMachine Machine => Saga.StateMachine;

    public static async Task<InMemorySaga> StartAsync()
    {
        var database = $"kept-commands-{Guid.NewGuid():N}";
        var services = new ServiceCollection();
        // Kept commands are encrypted; keys in memory here, in PostgreSQL in the service.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        var provider = services
            .AddLogging()
            .AddMetrics()
            .AddSingleton<MessageMetrics>()
            .AddSingleton<StateChangeLog>()
            .AddSingleton<IStatusListeners, NoStatusListeners>()
            .AddSingleton<StatusEventPublisher>()
            .AddSingleton<StatusEventObserver>()
            .AddSingleton<ProtectedText>()
            .AddDbContext<DeliveryDbContext>(options => options.UseInMemoryDatabase(database))
            .AddMassTransitTestHarness(bus => bus.AddSagaStateMachine<MessageStateMachine, MessageState>().InMemoryRepository())
            .BuildServiceProvider(validateScopes: true);
        var saga = new InMemorySaga(provider);
        await saga.Harness.Start();
        return saga;
    }

    /// <summary>Submits a new message and returns its saga once Accepted.</summary>
    public async Task<MessageState> AcceptAsync(MessageSubmitted message)
    {
        await Harness.Bus.Publish(message);
        Assert.That(await Saga.Exists(message.MessageId, m => m.Accepted), Is.Not.Null, "the saga to be Accepted");
        return Instance(message.MessageId);
    }

    /// <summary>Publishes <paramref name="message"/> and returns the saga once the machine has consumed it.</summary>
    public async Task<MessageState> AfterAsync<T>(Guid messageId, T message)
        where T : class
    {
        await Harness.Bus.Publish(message);
        Assert.That(await Saga.Consumed.Any<T>(c => Equals(c.Context.Message, message)), Is.True,
            $"the saga to consume {typeof(T).Name}");
        return Instance(messageId);
    }

    /// <summary>The saga instance itself: what a test changes here, the machine sees, as a consumer's write would be seen.</summary>
    public MessageState Instance(Guid messageId) => Saga.Sagas.Contains(messageId) ?? throw new InvalidOperationException($"No saga {messageId}");

    /// <summary>Keeps <paramref name="command"/> as the saga's creation would have (its own save, as the repository's).</summary>
    public async Task KeepCommandAsync(DeliverMessage command)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var text = scope.ServiceProvider.GetRequiredService<ProtectedText>().Protect(ProtectedColumn.DeliveryCommand, JsonSerializer.Serialize(command));
        db.DeliveryCommands.Add(new DeliveryCommand { MessageId = command.MessageId, Command = text, KeptAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await provider.DisposeAsync();
    }
}
