using System.Threading.Channels;
using Aggregator.ServiceDefaults.Data;
using Npgsql;

namespace Aggregator.Delivery.Data;

/// <summary>
/// Runs the channel consumers' single-statement writes (an attempt's claim, its record) of many messages together: all
/// statements waiting when a writer is free go in one round trip and one implicit transaction, so one commit. Nothing
/// waits to fill a batch: under light load each statement goes alone, under heavy load commits are shared. Each
/// statement is the same one it would be alone, under the same row locks; a caller's result is given only once its batch
/// has committed. A statement error (or a deadlock between two batches) runs that batch's statements one by one, so one
/// statement never fails another; an outage fails them all, and each caller handles it as before.
/// </summary>
public sealed class StatementBatcher : IAsyncDisposable
{
    private const int MostPerCommit = 64;

    private readonly string connectionString;
    private readonly NpgsqlDataSource dataSource;
    private readonly Channel<PendingStatement> waiting = Channel.CreateUnbounded<PendingStatement>();
    private readonly Task[] writers;

    public StatementBatcher(string connectionString, int writerCount)
    {
        this.connectionString = connectionString;
        var settings = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = writerCount, MinPoolSize = 0 };
        dataSource = NpgsqlDataSource.Create(settings.ConnectionString);
        writers = Enumerable.Range(0, writerCount).Select(_ => Task.Run(WriteAsync)).ToArray();
    }

    /// <summary>
    /// Runs <paramref name="sql"/> in the next batch and gives its rows to <paramref name="read"/> once the batch has
    /// committed. The statement must return rows (a SELECT, or RETURNING), even none: a statement without a result set
    /// would leave the batch's results out of step with its statements.
    /// </summary>
    public Task<T> RunAsync<T>(FormattableString sql, Func<IReadOnlyList<object?[]>, T> read, CancellationToken cancellationToken)
    {
        var statement = new PendingStatement<T>(sql, read, cancellationToken);
        if (!waiting.Writer.TryWrite(statement))
        {
            // Closed by the host's stop while a consumer still finishes (an attempt's record after its provider call):
            // written on a connection of its own rather than lost, which would send the message again after the lease.
            _ = RunAfterCloseAsync(statement);
        }
        return statement.Result;
    }

    public async ValueTask DisposeAsync()
    {
        waiting.Writer.TryComplete();
        await Task.WhenAll(writers);
        await dataSource.DisposeAsync();
    }

    private async Task WriteAsync()
    {
        var batch = new List<PendingStatement>(MostPerCommit);
        while (await waiting.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MostPerCommit && waiting.Reader.TryRead(out var next))
            {
                // Given up while it waited (a shutdown): not run at all rather than run for no one.
                if (!next.TryCancel())
                {
                    batch.Add(next);
                }
            }
            if (batch.Count > 0)
            {
                await RunAsync(batch);
            }
        }
    }

    private async Task RunAsync(List<PendingStatement> batch)
    {
        try
        {
            await RunTogetherAsync(batch);
        }
        catch (Exception failure) when (batch.Count > 1 && !IsOutage(failure))
        {
            foreach (var statement in batch)
            {
                await RunAloneAsync(statement);
            }
        }
        catch (Exception failure)
        {
            batch.ForEach(s => s.Fail(failure));
        }
    }

    private async Task RunAloneAsync(PendingStatement statement)
    {
        try
        {
            await RunTogetherAsync([statement]);
        }
        catch (Exception failure)
        {
            statement.Fail(failure);
        }
    }

    private async Task RunAfterCloseAsync(PendingStatement statement)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await RunTogetherAsync([statement], connection);
        }
        catch (Exception failure)
        {
            statement.Fail(failure);
        }
    }

    private async Task RunTogetherAsync(List<PendingStatement> statements, NpgsqlConnection? open = null)
    {
        await using (var connection = open ?? await dataSource.OpenConnectionAsync())
        await using (var batch = connection.CreateBatch())
        {
            foreach (var statement in statements)
            {
                // Rows read before a failed batch broke off are not this run's.
                statement.Rows.Clear();
                batch.BatchCommands.Add(statement.Command());
            }
            // Disposing the reader reads up to the end of the implicit transaction: a failed commit throws there.
            await using var reader = await batch.ExecuteReaderAsync();
            foreach (var statement in statements)
            {
                while (await reader.ReadAsync())
                {
                    var row = new object?[reader.FieldCount];
                    reader.GetValues(row!);
                    statement.Rows.Add(Array.ConvertAll(row, value => value is DBNull ? null : value));
                }
                await reader.NextResultAsync();
            }
        }
        statements.ForEach(s => s.Complete());
    }

    // A lost connection or a server going away says nothing about any one statement; a deadlock or a statement's own error does.
    private static bool IsOutage(Exception failure) =>
        DatabaseOutage.IsUnavailable(failure) && failure is not PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    private abstract class PendingStatement
    {
        public List<object?[]> Rows { get; } = [];

        public abstract NpgsqlBatchCommand Command();

        public abstract void Complete();

        public abstract void Fail(Exception failure);

        public abstract bool TryCancel();
    }

    private sealed class PendingStatement<T>(FormattableString sql, Func<IReadOnlyList<object?[]>, T> read, CancellationToken cancellationToken)
        : PendingStatement
    {
        private readonly TaskCompletionSource<T> result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task<T> Result => result.Task;

        // Built anew for each batch it is part of: a command belongs to one batch, and a rerun alone needs a fresh one.
        public override NpgsqlBatchCommand Command() => PositionalSql.Command(sql);

        public override void Complete()
        {
            try
            {
                result.TrySetResult(read(Rows));
            }
            catch (Exception failure)
            {
                result.TrySetException(failure);
            }
        }

        public override void Fail(Exception failure) => result.TrySetException(failure);

        public override bool TryCancel() => cancellationToken.IsCancellationRequested && result.TrySetCanceled(cancellationToken);
    }
}
