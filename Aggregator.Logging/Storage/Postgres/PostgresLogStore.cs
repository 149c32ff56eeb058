using System.Text;
using System.Text.Json;
using Aggregator.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace Aggregator.Logging.Storage.Postgres;

/// <summary>
/// Log lines in one PostgreSQL table: binary COPY for writes; indexes for trace, message, service and time
/// lookups; the <see cref="PromotedProperties"/> as columns; a generated <c>tsvector</c> with a GIN index for
/// full-text search on the message. Lines it refuses go to <c>log_entries_rejected</c> as escaped JSON text, which
/// nothing in them can make it refuse again.
/// </summary>
public sealed class PostgresLogStore(NpgsqlDataSource database) : ILogStore
{
    private const long SchemaLockKey = 7_414_651_030;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS log_entries (
            id bigserial PRIMARY KEY,
            timestamp timestamptz NOT NULL,
            level text NOT NULL,
            service text NOT NULL,
            message text NOT NULL,
            message_template text,
            trace_id text,
            message_id uuid,
            properties jsonb,
            exception text,
            received_at timestamptz NOT NULL DEFAULT now(),
            state text,
            channel text,
            event text,
            search tsvector GENERATED ALWAYS AS (to_tsvector('simple', message)) STORED);
        CREATE INDEX IF NOT EXISTS ix_log_entries_trace ON log_entries (trace_id, timestamp) WHERE trace_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_log_entries_message ON log_entries (message_id, timestamp) WHERE message_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_log_entries_service ON log_entries (service, timestamp);
        CREATE INDEX IF NOT EXISTS ix_log_entries_time ON log_entries (timestamp);
        CREATE INDEX IF NOT EXISTS ix_log_entries_search ON log_entries USING gin (search);
        -- Tables from before received_at: their lines count as received now, so they get a full retention period.
        ALTER TABLE log_entries ADD COLUMN IF NOT EXISTS received_at timestamptz NOT NULL DEFAULT now();
        -- Lines arrive in received order, so a BRIN index stays tiny and still lets retention skip what it keeps.
        CREATE INDEX IF NOT EXISTS ix_log_entries_received ON log_entries USING brin (received_at);
        -- The properties dashboards count by (PromotedProperties); older lines keep them in properties only.
        ALTER TABLE log_entries ADD COLUMN IF NOT EXISTS state text, ADD COLUMN IF NOT EXISTS channel text, ADD COLUMN IF NOT EXISTS event text;
        CREATE TABLE IF NOT EXISTS log_entries_rejected (
            id bigserial PRIMARY KEY,
            received_at timestamptz NOT NULL,
            rejected_at timestamptz NOT NULL DEFAULT now(),
            error text NOT NULL,
            entry text NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_log_entries_rejected_received ON log_entries_rejected USING brin (received_at);
        """;

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        // One command is one implicit transaction: instances that start together queue behind the lock, which
        // PostgreSQL releases when the schema statements have committed.
        await using var command = database.CreateCommand($"SELECT pg_advisory_xact_lock({SchemaLockKey});{Schema}");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<LogWriteResult> WriteAsync(IReadOnlyList<ReceivedLogEntry> entries, CancellationToken cancellationToken) =>
        PostgresFailures.ReportingUnavailabilityAsync(async () =>
        {
            await CopyAsync(entries, cancellationToken);
            return LogWriteResult.AllStored;
        });

    public Task SetAsideAsync(IReadOnlyList<RefusedLogEntry> refused, CancellationToken cancellationToken) =>
        PostgresFailures.ReportingUnavailabilityAsync(async () =>
        {
            await using var command = database.CreateCommand(
                "INSERT INTO log_entries_rejected (received_at, error, entry) SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[])");
            command.Parameters.Add(new NpgsqlParameter { Value = refused.Select(r => r.Line.ReceivedAt.ToUniversalTime()).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = refused.Select(r => r.Reason).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = refused.Select(r => r.EntryAsEscapedJson()).ToArray() });
            return await command.ExecuteNonQueryAsync(cancellationToken);
        });

    private async Task CopyAsync(IReadOnlyList<ReceivedLogEntry> entries, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY log_entries (timestamp, level, service, message, message_template, trace_id, message_id, properties, exception, received_at, state, channel, event) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var (entry, receivedAt) in entries)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(entry.Timestamp.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(entry.Level, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(entry.Service, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(entry.Message, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, entry.MessageTemplate, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, entry.TraceId, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, entry.MessageId, NpgsqlDbType.Uuid, cancellationToken);
            await WriteNullableAsync(writer, entry.Properties is null ? null : JsonSerializer.Serialize(entry.Properties), NpgsqlDbType.Jsonb, cancellationToken);
            await WriteNullableAsync(writer, entry.Exception, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(receivedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            var promoted = PromotedProperties.Of(entry);
            await WriteNullableAsync(writer, promoted.State, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, promoted.Channel, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, promoted.Event, NpgsqlDbType.Text, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<LogEntry>> SearchAsync(LogQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("SELECT timestamp, level, service, message, message_template, trace_id, message_id, properties, exception FROM log_entries WHERE true");
        await using var command = database.CreateCommand();
        void Filter(string condition, object value)
        {
            sql.Append(" AND ").Append(condition.Replace("@p", $"${command.Parameters.Count + 1}", StringComparison.Ordinal));
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        if (query.TraceId is { } traceId)
        {
            Filter("trace_id = @p", traceId);
        }
        if (query.MessageId is { } messageId)
        {
            Filter("message_id = @p", messageId);
        }
        if (query.Service is { } service)
        {
            Filter("service = @p", service);
        }
        if (query.Level is { } level)
        {
            Filter("lower(level) = lower(@p)", level);
        }
        foreach (var (column, value) in new (string Column, string? Value)[] { ("state", query.State), ("channel", query.Channel), ("event", query.Event) })
        {
            if (value is not null)
            {
                Filter($"{column} = @p", value);
            }
        }
        if (query.Text is { } text)
        {
            Filter("search @@ plainto_tsquery('simple', @p)", text);
        }
        if (query.From is { } from)
        {
            Filter("timestamp >= @p", from.ToUniversalTime());
        }
        if (query.To is { } to)
        {
            Filter("timestamp < @p", to.ToUniversalTime());
        }
        sql.Append(" ORDER BY timestamp, id LIMIT ").Append(query.Limit);
        command.CommandText = sql.ToString();

        var entries = new List<LogEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new LogEntry
            {
                Timestamp = reader.GetFieldValue<DateTimeOffset>(0),
                Level = reader.GetString(1),
                Service = reader.GetString(2),
                Message = reader.GetString(3),
                MessageTemplate = reader.IsDBNull(4) ? null : reader.GetString(4),
                TraceId = reader.IsDBNull(5) ? null : reader.GetString(5),
                MessageId = reader.IsDBNull(6) ? null : reader.GetGuid(6),
                Properties = reader.IsDBNull(7) ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(reader.GetString(7)),
                Exception = reader.IsDBNull(8) ? null : reader.GetString(8),
            });
        }
        return entries;
    }

    public async Task<long> DeleteReceivedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        foreach (var table in (string[])["log_entries", "log_entries_rejected"])
        {
            var delete = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE received_at < $1");
            delete.Parameters.Add(new NpgsqlParameter { Value = cutoff.ToUniversalTime() });
            batch.BatchCommands.Add(delete);
        }
        return await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, type, cancellationToken);
}
