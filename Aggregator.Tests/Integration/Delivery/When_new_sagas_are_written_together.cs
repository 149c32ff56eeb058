using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.Delivery.Data;
using Aggregator.Delivery.Persistence;
using Aggregator.Delivery.StateMachines;
using Aggregator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// A new saga and its kept command go through the StatementBatcher as one statement (NewSagaWriter) instead of EF
/// Core's save: the rows must be the ones EF Core reads back, creations must share commits, and a saga that exists
/// must write nothing and fail (the repository turns that into a load) without failing the statements beside it.
/// </summary>
[TestFixture]
public sealed class When_new_sagas_are_written_together
{
    private StatementBatcher batcher = null!;
    private NewSagaWriter writer = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await using (var db = DeliveryDatabase.Open())
        {
            await db.Database.MigrateAsync();
        }
        batcher = new StatementBatcher(TestServers.Postgres(TestRun.DeliveryDatabase), writerCount: 1);
        writer = new NewSagaWriter(batcher);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await batcher.DisposeAsync();

    [Test]
    public async Task Should_write_every_column_as_ef_core_reads_it_back()
    {
        var at = new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);
        var saga = new MessageState
        {
            CorrelationId = Guid.NewGuid(), CurrentState = "Scheduled", TraceId = "0af7651916cd43dd8448eb211c80319c",
            Channel = MessageChannel.Whatsapp, Recipient = "+1******2671 ünï", SubmittedBy = "client-a", Priority = MessagePriority.High,
            SendAt = at.AddHours(1), ExpiresAt = at.AddDays(1), FirstAttempt = 3, Attempts = 2, FinishedAttempts = 2, LastError = "a 'quoted' error",
            CreatedAt = at, UpdatedAt = at.AddSeconds(1), DeliveredAt = null, FailedAt = at.AddMinutes(1), NextAttemptAt = at.AddHours(1),
            LeaseUntil = at.AddSeconds(30), ProviderStatus = "sent", StuckSince = at.AddMinutes(2),
        };
        var command = new DeliveryCommand { MessageId = saga.CorrelationId, Command = "{\"kept\":true}", KeptAt = at };

        await using (var db = DeliveryDatabase.Open())
        {
            db.Add(command);
            db.Add(saga);
            Assert.That(await writer.TryWriteAsync(db, saga, CancellationToken.None), Is.True);
            Assert.That(db.ChangeTracker.Entries().Select(e => e.State), Is.All.EqualTo(EntityState.Unchanged));
        }

        var (readSaga, readCommand) = await DeliveryDatabase.ReadAsync(async db => (
            await db.Messages.AsNoTracking().SingleAsync(m => m.CorrelationId == saga.CorrelationId),
            await db.DeliveryCommands.AsNoTracking().SingleAsync(c => c.MessageId == saga.CorrelationId)));
        Assert.That(JsonSerializer.Serialize(readSaga), Is.EqualTo(JsonSerializer.Serialize(saga)));
        Assert.That(JsonSerializer.Serialize(readCommand), Is.EqualTo(JsonSerializer.Serialize(command)));
    }

    [Test]
    public async Task Should_share_commits_between_sagas_created_at_the_same_time()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(ids.Select(async id =>
        {
            await using var db = DeliveryDatabase.Open();
            var saga = NewSaga(id);
            db.Add(saga);
            db.Add(new DeliveryCommand { MessageId = id, Command = "{}", KeptAt = DateTimeOffset.UtcNow });
            await writer.TryWriteAsync(db, saga, CancellationToken.None);
        }));

        Assert.That(await CountAsync("SELECT count(*) FROM delivery_commands WHERE message_id = ANY($1)", ids), Is.EqualTo(200));
        Assert.That(await CountAsync("SELECT count(DISTINCT xmin::text) FROM message_states WHERE message_id = ANY($1)", ids), Is.LessThan(100));
    }

    [Test]
    public async Task Should_write_nothing_for_a_saga_that_exists_and_fail_no_other_statement()
    {
        var id = Guid.NewGuid();
        await using (var first = DeliveryDatabase.Open())
        {
            var saga = NewSaga(id);
            first.Add(saga);
            first.Add(new DeliveryCommand { MessageId = id, Command = "first", KeptAt = DateTimeOffset.UtcNow });
            await writer.TryWriteAsync(first, saga, CancellationToken.None);
        }

        var others = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        await using var again = DeliveryDatabase.Open();
        var repeated = NewSaga(id);
        again.Add(repeated);
        again.Add(new DeliveryCommand { MessageId = id, Command = "second", KeptAt = DateTimeOffset.UtcNow });
        var repeat = writer.TryWriteAsync(again, repeated, CancellationToken.None);
        var rest = others.Select(async other =>
        {
            await using var db = DeliveryDatabase.Open();
            var saga = NewSaga(other);
            db.Add(saga);
            return await writer.TryWriteAsync(db, saga, CancellationToken.None);
        }).ToList();

        Assert.That(async () => await repeat, Throws.InstanceOf<SagaExistsException>());
        Assert.That(await Task.WhenAll(rest), Is.All.True);
        Assert.That(await DeliveryDatabase.ReadAsync(db => db.DeliveryCommands.AsNoTracking().Where(c => c.MessageId == id).Select(c => c.Command).SingleAsync()),
            Is.EqualTo("first"));
    }

    [Test]
    public async Task Should_refuse_a_value_longer_than_its_column_as_ef_core_does()
    {
        await using var db = DeliveryDatabase.Open();
        var saga = NewSaga(Guid.NewGuid());
        saga.CurrentState = new string('x', 17);
        db.Add(saga);

        Assert.That(async () => await writer.TryWriteAsync(db, saga, CancellationToken.None),
            Throws.InstanceOf<PostgresException>().With.Property(nameof(PostgresException.SqlState)).EqualTo(PostgresErrorCodes.StringDataRightTruncation));
    }

    [Test]
    public async Task Should_leave_to_ef_core_a_save_that_is_not_all_new_rows()
    {
        var id = Guid.NewGuid();
        await using var db = DeliveryDatabase.Open();
        var saga = NewSaga(id);
        db.Attach(saga).State = EntityState.Modified;
        db.Add(new DeliveryCommand { MessageId = id, Command = "{}", KeptAt = DateTimeOffset.UtcNow });

        Assert.That(await writer.TryWriteAsync(db, saga, CancellationToken.None), Is.False);
        Assert.That(await CountAsync("SELECT count(*) FROM delivery_commands WHERE message_id = ANY($1)", [id]), Is.Zero);
    }

    private static MessageState NewSaga(Guid id) => new()
    {
        CorrelationId = id, CurrentState = "Accepted", TraceId = "trace", Channel = MessageChannel.Email, Recipient = "j***@example.com",
        CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
    };

    private static async Task<long> CountAsync(string sql, List<Guid> ids)
    {
        await using var connection = new NpgsqlConnection(TestServers.Postgres(TestRun.DeliveryDatabase));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new NpgsqlParameter { Value = ids.ToArray() } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
