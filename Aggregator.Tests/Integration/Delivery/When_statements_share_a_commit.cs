using Aggregator.Delivery.Data;
using Aggregator.Tests.Infrastructure;
using Npgsql;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// The attempts' writer (StatementBatcher) runs the statements of many messages in one round trip and one commit: each
/// caller still gets its own statement's rows, one failing statement fails no other, and a statement given up before
/// it ran is not run.
/// </summary>
[TestFixture]
public sealed class When_statements_share_a_commit
{
    private readonly string table = $"batched_{Guid.NewGuid():N}";
    private string connectionString = null!;

    [OneTimeSetUp]
    public async Task CreateTableAsync()
    {
        connectionString = TestServers.Postgres(TestRun.DeliveryDatabase);
        await ExecuteAsync($"CREATE TABLE {table} (id int PRIMARY KEY, value text NOT NULL)");
    }

    [OneTimeTearDown]
    public Task DropTableAsync() => ExecuteAsync($"DROP TABLE IF EXISTS {table}");

    [Test]
    public async Task Should_give_each_caller_its_own_rows_and_share_commits()
    {
        await using var batcher = new StatementBatcher(connectionString, writerCount: 1);
        var inserts = Enumerable.Range(1, 400).Select(n => batcher.RunAsync(
            Sql($"INSERT INTO {table} (id, value) VALUES ({{0}}, {{1}}) RETURNING id * 10", n, $"v{n}"), rows => (int)rows.Single()[0]!, CancellationToken.None)).ToList();
        var results = await Task.WhenAll(inserts);

        Assert.That(results, Is.EqualTo(Enumerable.Range(1, 400).Select(n => n * 10)));
        Assert.That(await CountAsync($"SELECT count(*) FROM {table} WHERE id BETWEEN 1 AND 400"), Is.EqualTo(400));
        // Rows written by one transaction share its id (xmin): 400 statements queued at once took a handful of commits.
        Assert.That(await CountAsync($"SELECT count(DISTINCT xmin::text) FROM {table} WHERE id BETWEEN 1 AND 400"), Is.LessThan(40));
    }

    [Test]
    public async Task Should_keep_results_in_step_with_statements_that_return_no_rows()
    {
        await using var batcher = new StatementBatcher(connectionString, writerCount: 1);

        var queries = Enumerable.Range(1, 100).Select(n => batcher.RunAsync(
            Sql("SELECT {0}::int, {0}::int WHERE {1}", n, n % 3 != 0), rows => rows.Select(r => (int)r[0]!).ToList(), CancellationToken.None)).ToList();
        var results = await Task.WhenAll(queries);

        Assert.That(results.Select((rows, i) => (i + 1) % 3 == 0 ? rows.Count == 0 : rows.SequenceEqual([i + 1])), Is.All.True);
    }

    [Test]
    public async Task Should_fail_only_the_statement_that_fails()
    {
        await using var batcher = new StatementBatcher(connectionString, writerCount: 1);
        await ExecuteAsync($"INSERT INTO {table} (id, value) VALUES (1000, 'taken')");

        var inserts = Enumerable.Range(990, 21).Select(n => batcher.RunAsync(
            Sql($"INSERT INTO {table} (id, value) VALUES ({{0}}, {{1}}) RETURNING id", n, "new"), rows => rows.Count, CancellationToken.None)).ToList();
        await Task.WhenAll(inserts).ContinueWith(_ => { });

        var failed = inserts.Select((task, i) => (Id: 990 + i, task)).Where(t => t.task.IsFaulted).ToList();
        Assert.That(failed.Select(f => f.Id), Is.EqualTo(new[] { 1000 }));
        Assert.That(failed[0].task.Exception!.InnerException, Is.InstanceOf<PostgresException>().With.Property(nameof(PostgresException.SqlState)).EqualTo(PostgresErrorCodes.UniqueViolation));
        Assert.That(await CountAsync($"SELECT count(*) FROM {table} WHERE id BETWEEN 990 AND 1010 AND value = 'new'"), Is.EqualTo(20));
    }

    [Test]
    public async Task Should_not_run_a_statement_given_up_before_it_ran()
    {
        await using var batcher = new StatementBatcher(connectionString, writerCount: 1);
        using var givenUp = new CancellationTokenSource();
        await givenUp.CancelAsync();

        var insert = batcher.RunAsync(Sql($"INSERT INTO {table} (id, value) VALUES ({{0}}, 'late') RETURNING id", 2000), rows => rows.Count, givenUp.Token);

        Assert.That(async () => await insert, Throws.InstanceOf<OperationCanceledException>());
        await batcher.RunAsync(Sql($"INSERT INTO {table} (id, value) VALUES ({{0}}, 'next') RETURNING id", 2001), rows => rows.Count, CancellationToken.None);
        Assert.That(await CountAsync($"SELECT count(*) FROM {table} WHERE id IN (2000, 2001)"), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_still_write_a_statement_that_comes_after_it_was_closed()
    {
        var batcher = new StatementBatcher(connectionString, writerCount: 1);
        await batcher.DisposeAsync();

        var id = await batcher.RunAsync(Sql($"INSERT INTO {table} (id, value) VALUES ({{0}}, 'late record') RETURNING id", 3000), rows => (int)rows.Single()[0]!, CancellationToken.None);

        Assert.That(id, Is.EqualTo(3000));
        Assert.That(await CountAsync($"SELECT count(*) FROM {table} WHERE id = 3000"), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_take_nulls_arrays_times_and_intervals_as_parameters()
    {
        await using var batcher = new StatementBatcher(connectionString, writerCount: 1);
        var at = new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero);

        var row = await batcher.RunAsync(
            Sql("SELECT {0}::text IS NULL AND 'b' = ANY({1}) AND {2} + {3} = timestamptz '2026-11-28 03:01:00+00'", null, new[] { "a", "b" }, at, TimeSpan.FromMinutes(1)),
            rows => (bool)rows.Single()[0]!, CancellationToken.None);

        Assert.That(row, Is.True);
    }

    private static FormattableString Sql(string format, params object?[] values) =>
        System.Runtime.CompilerServices.FormattableStringFactory.Create(format, values);

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
