using System.Collections.Concurrent;

namespace Aggregator.Delivery.Persistence;

/// <summary>
/// The sagas whose deferred insert met an existing row (<see cref="PostgresSagaRepositoryContext{TDbContext,TSaga,TMessage}.Insert"/>):
/// the event's next try loads the saga instead of inserting it again. Noted by the failed try, taken by the next one.
/// </summary>
public static class SagaCreationConflicts
{
    private static readonly ConcurrentDictionary<Guid, byte> Conflicted = new();

    public static void Note(Guid correlationId) => Conflicted.TryAdd(correlationId, 0);

    public static bool Take(Guid correlationId) => Conflicted.TryRemove(correlationId, out _);
}
