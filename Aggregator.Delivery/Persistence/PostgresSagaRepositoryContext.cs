using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.Persistence;

/// <summary>
/// The saga repository's view of one consumed message: it runs inside the transaction that
/// <see cref="PostgresSagaRepositoryContextFactory{TDbContext,TSaga}"/> opened, and loads the saga row
/// with <c>SELECT … FOR UPDATE</c> so that every other event of the same saga waits for this one to commit.
/// </summary>
public sealed class PostgresSagaRepositoryContext<TDbContext, TSaga, TMessage>
    : ConsumeContextScope<TMessage>, SagaRepositoryContext<TSaga, TMessage>
    where TDbContext : DbContext
    where TSaga : class, ISaga
    where TMessage : class
{
    private readonly TDbContext db;
    private readonly ConsumeContext<TMessage> consumeContext;
    private readonly ISagaConsumeContextFactory<TDbContext, TSaga> factory;
    private readonly string selectForUpdate;
    private readonly SagaTransaction transaction;
    private readonly NewSagaWriter newSagas;

    public PostgresSagaRepositoryContext(
        TDbContext db, ConsumeContext<TMessage> consumeContext, ISagaConsumeContextFactory<TDbContext, TSaga> factory, string selectForUpdate,
        SagaTransaction transaction, NewSagaWriter newSagas)
        : base(consumeContext, db)
    {
        this.db = db;
        this.consumeContext = consumeContext;
        this.factory = factory;
        this.selectForUpdate = selectForUpdate;
        this.transaction = transaction;
        this.newSagas = newSagas;
    }

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        factory.CreateSagaConsumeContext(db, consumeContext, instance, SagaConsumeContextMode.Add);

    /// <summary>The saga this context inserts with its first save, if it does (<see cref="Insert"/>).</summary>
    public Guid? DeferredInsert => inserted?.CorrelationId;

    private TSaga? inserted;

    /// <summary>
    /// A new saga (an event set to insert on its initial state) is inserted with its first save rather than ahead of it:
    /// one statement batch for the saga row as its first event left it and the rows saved beside it, where a locked read
    /// and an insert took two more round trips. If the saga exists after all (a repeated submission), that save fails on
    /// the key; the event is retried, and this time Insert steps aside (null) so that MassTransit loads the existing
    /// saga under its row lock. A retried or redelivered event (a crash's redelivery is the common repeat: the broker
    /// marks it redelivered) steps aside at once: it may well find its saga.
    /// </summary>
    public Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        if (SagaCreationConflicts.Take(instance.CorrelationId) || consumeContext.GetRetryAttempt() > 0 || consumeContext.GetRedeliveryCount() > 0
            || consumeContext.ReceiveContext.Redelivered)
        {
            return Task.FromResult<SagaConsumeContext<TSaga, TMessage>>(default!);
        }
        db.Set<TSaga>().Add(instance);
        inserted = instance;
        return factory.CreateSagaConsumeContext(db, consumeContext, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        await transaction.BeginAsync(CancellationToken);
        var instance = await db.Set<TSaga>().FromSqlRaw(selectForUpdate, correlationId).SingleOrDefaultAsync(CancellationToken);
        return instance is null
            ? default!
            : await factory.CreateSagaConsumeContext(db, consumeContext, instance, SagaConsumeContextMode.Load);
    }

    public async Task Save(SagaConsumeContext<TSaga> context)
    {
        db.Set<TSaga>().Add(context.Saga);
        await SaveChangesAsync();
    }

    public Task Update(SagaConsumeContext<TSaga> context) => SaveChangesAsync();

    public async Task Delete(SagaConsumeContext<TSaga> context)
    {
        db.Set<TSaga>().Remove(context.Saga);
        await SaveChangesAsync();
    }

    /// <summary>A saga inserted with its first save shares a batched commit when it can (<see cref="NewSagaWriter"/>).</summary>
    private async Task SaveChangesAsync()
    {
        if (inserted is not null && await newSagas.TryWriteAsync(db, inserted, CancellationToken))
        {
            return;
        }
        await transaction.BeginAsync(CancellationToken);
        await db.SaveChangesAsync(CancellationToken);
    }

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        var entry = db.ChangeTracker.Entries<TSaga>().FirstOrDefault(e => e.Entity.CorrelationId == context.Saga.CorrelationId);
        if (entry is not null)
        {
            entry.State = EntityState.Unchanged;
        }
        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        factory.CreateSagaConsumeContext(db, consumeContext, instance, mode);
}
