using Npgsql;

namespace Aggregator.Benchmarks;

/// <summary>A high message's accept → delivered time while <paramref name="Backlog"/> normal messages wait behind a slow provider.</summary>
public sealed record PriorityResult(int Backlog, int WaitingWhenSent, int WaitingWhenDelivered, double HighAcceptedToDeliveredMs, double BacklogDrainSeconds);

/// <summary>
/// The priority phase: a backlog of normal messages (each held 1 s by its simulated provider, so the channels drain
/// about 96 a second), then one high message through the Router; its time from 202 to Delivered against the time the
/// backlog needs to drain. The backlog is then dropped: its queues purged, its sagas marked Cancelled.
/// </summary>
public static class PriorityLane
{
    private const string SlowProvider = "delay-ms:1000";

    public static async Task<PriorityResult> MeasureAsync(BenchmarkOptions options, IngestLoad load, Action<string> progress)
    {
        var batches = (int)Math.Ceiling(options.PriorityBacklog / (double)options.BatchSize);
        var backlog = await load.BatchClosedLoopAsync(4, TimeSpan.FromMinutes(5), options.BatchSize, batches, SlowProvider);
        var ids = backlog.MessageIds.ToArray();
        await using var database = NpgsqlDataSource.Create(options.Postgres("aggregator_delivery"));
        var waitingWhenSent = ids.Length - await DeliveredAsync(database, ids);
        progress($"priority: {ids.Length} normal messages queued behind a slow provider, {waitingWhenSent} waiting; sending one high");

        var high = await load.SubmitHighAsync();
        var latency = await HighLatencyAsync(database, high);
        var waitingWhenDelivered = ids.Length - await DeliveredAsync(database, ids);
        progress($"priority: high delivered {latency:0} ms after its 202, {waitingWhenDelivered} normal still waiting");

        await DropBacklogAsync(options, database, ids);
        // Three channels, ChannelOptions' 32 at a time each, 1 s a message.
        return new PriorityResult(ids.Length, waitingWhenSent, waitingWhenDelivered, latency, waitingWhenDelivered / 96.0);
    }

    private static async Task<int> DeliveredAsync(NpgsqlDataSource database, Guid[] ids)
    {
        await using var count = database.CreateCommand("SELECT count(*) FROM message_states WHERE message_id = ANY($1) AND state = 'Delivered'");
        count.Parameters.Add(new NpgsqlParameter { Value = ids });
        return (int)(long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task<double> HighLatencyAsync(NpgsqlDataSource database, Guid id)
    {
        await using var read = database.CreateCommand("SELECT delivered_at - created_at FROM message_states WHERE message_id = $1 AND delivered_at IS NOT NULL");
        read.Parameters.Add(new NpgsqlParameter { Value = id });
        var deadline = DateTime.UtcNow.AddMinutes(2);
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (DateTime.UtcNow < deadline && await pace.WaitForNextTickAsync())
        {
            if (await read.ExecuteScalarAsync() is TimeSpan took)
            {
                return took.TotalMilliseconds;
            }
        }
        return double.NaN;
    }

    /// <summary>What is left of the backlog is not part of any later phase: purged from the queues, its sagas Cancelled.</summary>
    private static async Task DropBacklogAsync(BenchmarkOptions options, NpgsqlDataSource database, Guid[] ids)
    {
        using var management = Limits.Management(options);
        foreach (var queue in new[] { "message-batches", "message-state", "email_delivery_queue", "sms_delivery_queue", "whatsapp_delivery_queue" })
        {
            await management.DeleteAsync($"queues/%2F/{queue}/contents");
        }
        await using var cancel = database.CreateCommand(
            "UPDATE message_states SET state = 'Cancelled', updated_at = now() WHERE message_id = ANY($1) AND state IN ('Accepted', 'Retrying')");
        cancel.Parameters.Add(new NpgsqlParameter { Value = ids });
        await cancel.ExecuteNonQueryAsync();
    }
}
