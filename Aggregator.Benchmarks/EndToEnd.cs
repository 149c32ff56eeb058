using Npgsql;

namespace Aggregator.Benchmarks;

/// <summary>What happened to a set of messages between the Router's 202 and the saga's Delivered, from the saga's own timestamps.</summary>
public sealed record EndToEndResult(int Messages, int Delivered, double DeliveredPerSecond, Latencies AcceptedToDelivered, Latencies RedeliveryLateness);

public static class EndToEnd
{
    private static readonly double[] IntervalsSeconds = [1, 2, 4];

    private static async Task<long> CountAsync(NpgsqlDataSource database, string sql, object parameter)
    {
        await using var count = database.CreateCommand(sql);
        count.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until every message of <paramref name="load"/> is Delivered (or the time is up) and reads their timings.</summary>
    public static async Task<EndToEndResult> MeasureAsync(BenchmarkOptions options, IngestResult load, TimeSpan patience, Action<string> progress)
    {
        await using var database = NpgsqlDataSource.Create(options.Postgres("aggregator_delivery"));
        var array = load.MessageIds.ToArray();
        var deadline = DateTime.UtcNow + patience;
        long delivered = 0;
        using var pace = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (DateTime.UtcNow < deadline && await pace.WaitForNextTickAsync())
        {
            // The progress count reads the (state, created_at) index; phases run one after the other, so the rows created
            // since this load began are its own. Looking up every id on each poll put the benchmark itself on PostgreSQL's CPU.
            delivered = await CountAsync(database, "SELECT count(*) FROM message_states WHERE state = 'Delivered' AND created_at >= $1", load.Started);
            progress($"delivered {delivered}/{array.Length}");
            if (delivered >= array.Length)
            {
                delivered = await CountAsync(database, "SELECT count(*) FROM message_states WHERE message_id = ANY($1) AND state = 'Delivered'", array);
                if (delivered == array.Length)
                {
                    break;
                }
            }
        }

        var latencies = new List<double>();
        DateTimeOffset? first = null, last = null;
        // Latency counts the messages delivered on their first attempt: a retried one waits 1 s + 2 s by design.
        await using (var timings = database.CreateCommand("SELECT created_at, delivered_at, attempts FROM message_states WHERE message_id = ANY($1) AND delivered_at IS NOT NULL"))
        {
            timings.Parameters.Add(new NpgsqlParameter { Value = array });
            await using var reader = await timings.ExecuteReaderAsync();
            delivered = 0;
            while (await reader.ReadAsync())
            {
                delivered++;
                var created = reader.GetFieldValue<DateTimeOffset>(0);
                var done = reader.GetFieldValue<DateTimeOffset>(1);
                if (reader.GetInt32(2) == 1)
                {
                    latencies.Add((done - created).TotalMilliseconds);
                }
                first = first is null || created < first ? created : first;
                last = last is null || done > last ? done : last;
            }
        }

        var lateness = new List<double>();
        await using (var attempts = database.CreateCommand(
            "SELECT message_id, attempt, started_at, finished_at FROM delivery_attempts WHERE message_id = ANY($1) ORDER BY message_id, attempt"))
        {
            attempts.Parameters.Add(new NpgsqlParameter { Value = array });
            await using var reader = await attempts.ExecuteReaderAsync();
            (Guid Id, int Attempt, DateTimeOffset Finished)? previous = null;
            while (await reader.ReadAsync())
            {
                var id = reader.GetGuid(0);
                var attempt = reader.GetInt32(1);
                if (previous is { } p && p.Id == id && attempt == p.Attempt + 1 && attempt - 2 < IntervalsSeconds.Length)
                {
                    var gap = (reader.GetFieldValue<DateTimeOffset>(2) - p.Finished).TotalMilliseconds;
                    lateness.Add(gap - IntervalsSeconds[attempt - 2] * 1000);
                }
                previous = (id, attempt, reader.GetFieldValue<DateTimeOffset>(3));
            }
        }

        var span = first is null ? 0 : (last!.Value - first.Value).TotalSeconds;
        return new EndToEndResult(array.Length, (int)delivered, span > 0 ? delivered / span : 0, Latencies.Of(latencies), Latencies.Of(lateness));
    }
}
