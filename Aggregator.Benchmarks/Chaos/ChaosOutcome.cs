using Npgsql;

namespace Aggregator.Benchmarks.Chaos;

/// <summary>What became of the messages a scenario had accepted, read from the Delivery database and the broker.</summary>
public sealed record ChaosOutcome(int Accepted, int Delivered, int Failed, int Lost, int Stuck, double ProviderCallsPerMessage, int SentTwice, long InErrorQueues)
{
    public bool Holds => Lost == 0 && Stuck == 0 && Failed == 0 && SentTwice == 0 && InErrorQueues == 0;

    public override string ToString() =>
        $"accepted {Accepted}, delivered {Delivered}, failed {Failed}, lost {Lost}, stuck {Stuck}, provider calls/message {ProviderCallsPerMessage:0.00}, " +
        $"sent twice {SentTwice}, in _error queues {InErrorQueues}";

    /// <summary>
    /// Waits until every accepted message is Delivered or Failed, or the patience runs out; whatever is unknown then is
    /// lost, whatever is known but not final is stuck.
    /// </summary>
    public static async Task<ChaosOutcome> AwaitAsync(BenchmarkOptions options, IReadOnlyList<Guid> accepted, TimeSpan patience, long errorQueuedBefore)
    {
        var deadline = DateTimeOffset.UtcNow + patience;
        await using var database = NpgsqlDataSource.Create(options.Postgres("aggregator_delivery"));
        var ids = accepted.ToArray();
        while (true)
        {
            if (await FinalCountAsync(database, ids) == ids.Length || DateTimeOffset.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        await using var command = database.CreateCommand("""
            SELECT count(*) FILTER (WHERE m.state = 'Delivered'), count(*) FILTER (WHERE m.state = 'Failed'), count(*),
                   count(*) FILTER (WHERE m.state NOT IN ('Delivered', 'Failed')),
                   (SELECT count(*) FROM delivery_attempts a WHERE a.message_id = ANY($1)),
                   (SELECT count(*) FROM (SELECT message_id FROM delivery_attempts WHERE message_id = ANY($1) AND outcome = 'Succeeded'
                                          GROUP BY message_id HAVING count(*) > 1) twice)
            FROM message_states m WHERE m.message_id = ANY($1)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var delivered = (int)reader.GetInt64(0);
        var failed = (int)reader.GetInt64(1);
        var known = (int)reader.GetInt64(2);
        var stuck = (int)reader.GetInt64(3);
        var calls = reader.GetInt64(4);
        var twice = (int)reader.GetInt64(5);
        return new ChaosOutcome(ids.Length, delivered, failed, ids.Length - known, stuck, ids.Length == 0 ? 0 : calls / (double)ids.Length, twice,
            await ErrorQueueDepthAsync(options) - errorQueuedBefore);
    }

    private static async Task<long> FinalCountAsync(NpgsqlDataSource database, Guid[] ids)
    {
        try
        {
            await using var command = database.CreateCommand("SELECT count(*) FROM message_states WHERE message_id = ANY($1) AND state IN ('Delivered', 'Failed')");
            command.Parameters.Add(new NpgsqlParameter { Value = ids });
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (NpgsqlException)
        {
            return -1;
        }
    }

    /// <summary>Messages resting in every <c>_error</c> queue of the default virtual host.</summary>
    public static async Task<long> ErrorQueueDepthAsync(BenchmarkOptions options)
    {
        using var management = Limits.Management(options);
        var queues = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<List<QueueDepth>>(management, "queues/%2F?columns=name,messages");
        return queues!.Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal)).Sum(q => q.Messages);
    }

    private sealed record QueueDepth(string Name, long Messages);
}
