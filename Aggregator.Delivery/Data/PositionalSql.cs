using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;

namespace Aggregator.Delivery.Data;

/// <summary>
/// An interpolated statement as a batch command with positional parameters (<c>$1</c>, <c>$2</c>, …): the same SQL text
/// EF Core's interpolated queries take, every value a parameter, none spliced into the text.
/// </summary>
public static class PositionalSql
{
    // The text depends on the statement's format alone (a literal in our code): built once, not per message.
    private static readonly ConcurrentDictionary<string, string> Texts = new();

    public static NpgsqlBatchCommand Command(FormattableString sql)
    {
        var values = sql.GetArguments();
        var command = new NpgsqlBatchCommand(Texts.GetOrAdd(sql.Format, static (format, count) =>
            string.Format(CultureInfo.InvariantCulture, format, Enumerable.Range(1, count).Select(n => (object)$"${n}").ToArray()), values.Length));
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
        return command;
    }
}
