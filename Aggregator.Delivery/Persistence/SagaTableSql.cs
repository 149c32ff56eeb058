using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Aggregator.Delivery.Persistence;

/// <summary>The row-locking query for a saga type, built from the EF Core model so table and column names live in one map.</summary>
public static class SagaTableSql
{
    public static string SelectForUpdate<TSaga>(DbContext db)
        where TSaga : class
    {
        var entity = db.Model.FindEntityType(typeof(TSaga))
            ?? throw new InvalidOperationException($"{typeof(TSaga).Name} is not part of {db.GetType().Name}'s model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var key = entity.FindProperty("CorrelationId")!.GetColumnName(table);
        var qualified = entity.GetSchema() is { } schema ? $"\"{schema}\".\"{table.Name}\"" : $"\"{table.Name}\"";
        return $"SELECT * FROM {qualified} WHERE \"{key}\" = {{0}} FOR UPDATE";
    }
}
