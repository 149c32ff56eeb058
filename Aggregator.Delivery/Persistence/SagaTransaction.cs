using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Aggregator.Delivery.Persistence;

/// <summary>
/// The transaction of one consumed saga event, begun when its first statement needs it (the locked read, or EF Core's
/// save): a new saga written through <see cref="NewSagaWriter"/> never opens one, nor takes a connection of its own.
/// </summary>
public sealed class SagaTransaction(DbContext db) : IAsyncDisposable
{
    private IDbContextTransaction? transaction;

    public async Task BeginAsync(CancellationToken cancellationToken) =>
        transaction ??= await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) => transaction?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => transaction?.DisposeAsync() ?? ValueTask.CompletedTask;
}
