using System.Collections.Concurrent;
using System.Data;
using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Aggregator.Delivery.Persistence;

/// <summary>
/// Our EF Core saga repository on PostgreSQL (MassTransit.EntityFrameworkCore is not available here).
/// Pessimistic: each consumed message runs in one READ COMMITTED transaction and locks its saga row
/// with <c>FOR UPDATE</c>, so concurrent events of one saga queue behind each other instead of
/// failing with concurrency conflicts. Resolved per message scope with the scoped DbContext.
/// </summary>
public sealed class PostgresSagaRepositoryContextFactory<TDbContext, TSaga>(
    TDbContext db,
    ISagaConsumeContextFactory<TDbContext, TSaga> consumeContextFactory,
    SagaCommitHooks hooks)
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
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, context.CancellationToken);
        var repositoryContext = new PostgresSagaRepositoryContext<TDbContext, TSaga, T>(db, context, consumeContextFactory, LockingQuery());
        hooks.Begin();
        try
        {
            await next.Send(repositoryContext);
            await transaction.CommitAsync(context.CancellationToken);
            hooks.Committed();
        }
        catch (DbUpdateException exception) when (repositoryContext.DeferredInsert is { } created
            && exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
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
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, context.CancellationToken);
        var repositoryContext = new PostgresSagaRepositoryContext<TDbContext, TSaga, T>(db, context, consumeContextFactory, LockingQuery());
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

    private string LockingQuery() => SelectForUpdate.GetOrAdd(typeof(TSaga), _ => SagaTableSql.SelectForUpdate<TSaga>(db));
}
