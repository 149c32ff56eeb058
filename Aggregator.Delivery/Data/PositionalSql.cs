using System.Globalization;
using Npgsql;

namespace Aggregator.Delivery.Data;

/// <summary>
/// An interpolated statement as a batch command with positional parameters (<c>$1</c>, <c>$2</c>, …): the same SQL text
/// EF Core's interpolated queries take, every value a parameter, none spliced into the text.
/// </summary>
public static class PositionalSql
{
    public static NpgsqlBatchCommand Command(FormattableString sql)
    {
        var values = sql.GetArguments();
        var placeholders = Enumerable.Range(1, values.Length).Select(n => (object)$"${n}").ToArray();
        var command = new NpgsqlBatchCommand(string.Format(CultureInfo.InvariantCulture, sql.Format, placeholders));
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
        return command;
    }
}
