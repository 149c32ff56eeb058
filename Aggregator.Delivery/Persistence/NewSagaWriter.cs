using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Aggregator.Delivery.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Aggregator.Delivery.Persistence;

/// <summary>
/// Writes a new saga and the rows its first event added beside it (its kept command) as one statement through the
/// <see cref="StatementBatcher"/>: the creations of many messages then share a commit, and skip EF Core's save, the
/// larger part of a new saga's cost. The same rows, committed before the event's outbox sends anything, as with
/// SaveChanges. Only when every tracked entity is new, has a table of its own and no value the database generates;
/// anything else (a loaded saga, an audit row with an identity) goes through SaveChanges in the event's transaction.
/// A saga that exists already (a repeated submission) writes nothing and fails with <see cref="SagaExistsException"/>,
/// without failing the other statements of its batch.
/// </summary>
public sealed partial class NewSagaWriter(StatementBatcher batcher)
{
    // One statement text per combination of tables, built once from EF Core's model.
    private static readonly ConcurrentDictionary<string, string> Formats = new();

    public async Task<bool> TryWriteAsync(DbContext db, object saga, CancellationToken cancellationToken)
    {
        var added = TrackedWithoutDetectingChanges(db).OrderBy(e => e.Entity == saga ? 0 : 1).ToList();
        if (added.Count == 0 || added[0].Entity != saga || added.Any(e => e.State != EntityState.Added || !IsWrittenWhole(e.Metadata))
            || added.Select(e => e.Metadata.GetTableName()).Distinct().Count() < added.Count)
        {
            return false;
        }
        var format = Formats.GetOrAdd(string.Join(',', added.Select(e => e.Metadata.Name)), _ => Format(added));
        var values = added.SelectMany(e => e.Metadata.GetProperties().Select(p => Value(e, p))).ToArray();
        var inserted = await batcher.RunAsync(FormattableStringFactory.Create(format, values), rows => Convert.ToInt64(rows.Single()[0]), cancellationToken);
        if (inserted == 0)
        {
            throw new SagaExistsException(added[0].Metadata.Name);
        }
        db.ChangeTracker.AcceptAllChanges();
        return true;
    }

    /// <summary>
    /// What the context tracks, without the scan for changes to loaded entities (a fifth of this writer's cost): a new row's
    /// values are read from the entity itself, and a loaded one that changed shows as not Added either way (EF Core saves it).
    /// </summary>
    private static List<EntityEntry> TrackedWithoutDetectingChanges(DbContext db)
    {
        var detecting = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return db.ChangeTracker.Entries().ToList();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }

    /// <summary>
    /// The saga's row first, skipped if its key exists; each other row only if the saga's was inserted; all in one
    /// statement (all or none). The batcher wants a row back: how many saga rows were inserted, 1 or 0.
    /// </summary>
    private static string Format(IReadOnlyList<EntityEntry> added)
    {
        var text = new StringBuilder("WITH ");
        var parameter = 0;
        for (var i = 0; i < added.Count; i++)
        {
            var type = added[i].Metadata;
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var columns = type.GetProperties().ToList();
            text.Append(i > 0 ? ", " : "").Append($"row{i} AS (INSERT INTO {Qualified(table)} (")
                .AppendJoin(", ", columns.Select(p => Quoted(p.GetColumnName(table)!)))
                .Append(") SELECT ")
                // To the type without its length: the column's own check then refuses a value too long, as it would EF Core's.
                .AppendJoin(", ", columns.Select(p => $"CAST({{{parameter++}}} AS {Length().Replace(p.GetColumnType(table), "")})"))
                .Append(i == 0 ? " ON CONFLICT DO NOTHING" : " WHERE EXISTS (SELECT 1 FROM row0)")
                .Append(" RETURNING 1)");
        }
        return text.Append(" SELECT count(*) FROM row0").ToString();
    }

    private static object? Value(EntityEntry entry, IProperty property)
    {
        var value = entry.CurrentValues[property];
        return property.GetTypeMapping().Converter is { } converter && value is not null ? converter.ConvertToProvider(value) : value;
    }

    private static bool IsWrittenWhole(IEntityType type) =>
        type.GetTableName() is not null && !type.IsOwned() && !type.GetComplexProperties().Any() && !type.GetNavigations().Any()
        && type.GetProperties().All(p => p.ValueGenerated == ValueGenerated.Never && p.GetDefaultValueSql() is null && p.GetComputedColumnSql() is null);

    private static string Qualified(StoreObjectIdentifier table) =>
        table.Schema is null ? Quoted(table.Name) : $"{Quoted(table.Schema)}.{Quoted(table.Name)}";

    private static string Quoted(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    [GeneratedRegex(@"\(\s*\d+\s*\)$")]
    private static partial Regex Length();
}

/// <summary>A new saga's row met one with its key: the event's next try loads that saga.</summary>
public sealed class SagaExistsException(string sagaType)
    : Exception($"A {sagaType} with this key exists already; the event is tried again with the saga loaded.");
