using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Aggregator.Delivery.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Aggregator.Delivery.Persistence;

/// <summary>
/// Writes a new saga and the rows its first event added beside it (its kept command) as one statement through the
/// <see cref="StatementBatcher"/>: the creations of many messages then share a commit, and skip EF Core's save, the
/// larger part of a new saga's cost. The same rows, committed before the event's outbox sends anything, as with
/// SaveChanges. Only when every tracked entity is new and the database generates none of its values; anything else
/// (a loaded saga, an audit row with an identity) goes through SaveChanges in the event's transaction.
/// </summary>
public sealed class NewSagaWriter(StatementBatcher batcher)
{
    // One statement text per combination of tables, built once from EF Core's model.
    private static readonly ConcurrentDictionary<string, string> Formats = new();

    public async Task<bool> TryWriteAsync(DbContext db, CancellationToken cancellationToken)
    {
        var added = db.ChangeTracker.Entries().ToList();
        if (added.Count == 0 || added.Any(e => e.State != EntityState.Added || !IsWrittenWhole(e.Metadata)))
        {
            return false;
        }
        var format = Formats.GetOrAdd(string.Join(',', added.Select(e => e.Metadata.Name)), _ => Format(added));
        var values = added.SelectMany(e => Columns(e.Metadata).Select(p => Value(e, p))).ToArray();
        await batcher.RunAsync(FormattableStringFactory.Create(format, values), rows => rows.Count, cancellationToken);
        db.ChangeTracker.AcceptAllChanges();
        return true;
    }

    /// <summary>Each row its own INSERT in a WITH (they run as one statement: all or none); the batcher wants a row back.</summary>
    private static string Format(IReadOnlyList<EntityEntry> added)
    {
        var text = new StringBuilder("WITH ");
        var parameter = 0;
        for (var i = 0; i < added.Count; i++)
        {
            var columns = Columns(added[i].Metadata);
            var table = StoreObjectIdentifier.Table(added[i].Metadata.GetTableName()!, added[i].Metadata.GetSchema());
            text.Append(i > 0 ? ", " : "").Append($"row{i} AS (INSERT INTO {Quoted(table.Name)} (")
                .AppendJoin(", ", columns.Select(p => Quoted(p.GetColumnName(table)!)))
                .Append(") VALUES (")
                .AppendJoin(", ", columns.Select(p => $"CAST({{{parameter++}}} AS {p.GetColumnType()})"))
                .Append(") RETURNING 1)");
        }
        return text.Append(" SELECT 1").ToString();
    }

    private static IReadOnlyList<IProperty> Columns(IEntityType type) => type.GetProperties().ToList();

    private static object? Value(EntityEntry entry, IProperty property)
    {
        var value = entry.Property(property.Name).CurrentValue;
        return property.GetTypeMapping().Converter is { } converter && value is not null ? converter.ConvertToProvider(value) : value;
    }

    private static bool IsWrittenWhole(IEntityType type) =>
        type.GetTableName() is not null && type.GetProperties().All(p =>
            p.ValueGenerated == ValueGenerated.Never && p.GetDefaultValueSql() is null && p.GetComputedColumnSql() is null);

    private static string Quoted(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
