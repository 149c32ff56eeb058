using System.Collections.Concurrent;
using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Aggregator.Delivery.Persistence;

/// <summary>
/// Our EF Core saga repository on PostgreSQL (MassTransit.EntityFrameworkCore is not available here).
/// Pessimistic: each consumed message runs in one READ COMMITTED transaction (begun by its first statement,
/// <see cref="SagaTransaction"/>; a new saga shares a batched commit instead, <see cref="NewSagaWriter"/>) and locks its saga row
/// with <c>FOR UPDATE</c>, so concurrent events of one saga queue behind each other instead of
/// failing with concurrency conflicts. Resolved per message scope with the scoped DbContext.
/// </summary>
public sealed class PostgresSagaRepositoryContextFactory<TDbContext, TSaga>(
    TDbContext db,
    ISagaConsumeContextFactory<TDbContext, TSaga> consumeContextFactory,
    SagaCommitHooks hooks,
    NewSagaWriter newSagas)
    : ISagaRepositoryContextFactory<TSaga>, ILoadSagaRepositoryContextFactory<TSaga>, IQuerySagaRepositoryContextFactory<TSaga>
    where TDbContext : DbContext
    where TSaga : class, ISaga
{
    private static readonly ConcurrentDictionary<Type, string> SelectForUpdate = new();

    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
    {
        // The transaction is ours; EF Core's savepoint around each SaveChanges inside it would only add round trips.
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = new SagaTransaction(db);
        var repositoryContext = new PostgresSagaRepositoryContext<TDbContext, TSaga, T>(db, context, consumeContextFactory, LockingQuery(), transaction, newSagas);
        hooks.Begin();
        try
        {
            await next.Send(repositoryContext);
            await transaction.CommitAsync(context.CancellationToken);
            hooks.Committed();
        }
        catch (Exception exception) when (repositoryContext.DeferredInsert is { } created && IsUniqueViolation(exception))
        {
            // The saga existed: its next try (the endpoint's retry) loads it.
            hooks.RolledBack();
            db.ChangeTracker.Clear();
            SagaCreationConflicts.Note(created);
            throw;
        }
        catch
        {
            hooks.RolledBack();
            // A retry gets a fresh scope, but the pooled context must not return with half-saved entities.
            db.ChangeTracker.Clear();
            throw;
        }
    }

    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class
    {
        await using var transaction = new SagaTransaction(db);
        await transaction.BeginAsync(context.CancellationToken);
        var repositoryContext = new PostgresSagaRepositoryContext<TDbContext, TSaga, T>(db, context, consumeContextFactory, LockingQuery(), transaction, newSagas);
        var ids = await db.Set<TSaga>().AsNoTracking().Where(query.FilterExpression).Select(s => s.CorrelationId).ToListAsync(context.CancellationToken);
        var instances = new List<TSaga>();
        foreach (var id in ids.Order())
        {
            var instance = await db.Set<TSaga>().FromSqlRaw(LockingQuery(), id).SingleOrDefaultAsync(context.CancellationToken);
            if (instance is not null)
            {
                instances.Add(instance);
            }
        }
        await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances));
        await transaction.CommitAsync(context.CancellationToken);
    }

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new PostgresSagaQueryContext<TSaga>(db, cancellationToken));

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new PostgresSagaQueryContext<TSaga>(db, cancellationToken));

    public void Probe(ProbeContext context) => context.Add("persistence", "postgresql-ef-core-pessimistic");

    // From EF Core's save, or from the batched statement of a new saga (NewSagaWriter).
    private static bool IsUniqueViolation(Exception exception) =>
        exception is SagaExistsException || exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    private string LockingQuery() => SelectForUpdate.GetOrAdd(typeof(TSaga), _ => SagaTableSql.SelectForUpdate<TSaga>(db));
}
