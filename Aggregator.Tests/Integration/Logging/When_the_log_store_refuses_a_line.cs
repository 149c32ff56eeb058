using System.Net;
using Aggregator.Tests.Infrastructure;
using Npgsql;

namespace Aggregator.Tests.Integration.Logging;

/// <summary>
/// Sanitising cannot foresee everything a store may refuse: jsonb cannot hold the number 1e1000000 (22003, numeric
/// value out of range), which is valid JSON. Such a line once made the writer retry its whole batch for ever.
/// </summary>
[Category("Integration")]
public class When_the_log_store_refuses_a_line
{
    private static async Task<(string Error, string Entry)?> DeadLetterAsync(string traceId)
    {
        await using var connection = new NpgsqlConnection(TestServers.Postgres(TestRun.LoggingDatabase));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT error, entry FROM log_entries_rejected WHERE strpos(entry, $1) > 0", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = traceId });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetString(0), reader.GetString(1)) : null;
    }

    [Test]
    public async Task Should_set_aside_and_count_that_line_and_store_the_rest_of_its_batch()
    {
        using var logging = Running.Logging();
        var traceId = LoggingApi.NewTraceId();
        string Line(string message, string properties = "{}") => $$"""
            {"timestamp":"{{DateTimeOffset.UtcNow:O}}","level":"Information","service":"router","message":"{{message}}","traceId":"{{traceId}}","properties":{{properties}}}
            """;

        var posted = await logging.Client.PostRawLogsAsync($"[{Line("first")},{Line("too big a number", """{"n":1e1000000}""")},{Line("third")}]");

        var stored = await logging.Client.SearchLogsAsync($"traceId={traceId}", 2);
        var deadLetter = await Eventually.Get(async () => await DeadLetterAsync(traceId) is { } row ? (true, row) : (false, default),
            TimeSpan.FromSeconds(15), "the refused line in log_entries_rejected");
        var rejected = await logging.Client.RejectedLinesAsync(atLeast: 1);

        Assert.Multiple(() =>
        {
            Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(stored.Select(e => e.GetProperty("message").GetString()), Is.EqualTo(new[] { "first", "third" }));
            Assert.That(deadLetter.Error, Does.Contain("22003"));
            Assert.That(deadLetter.Entry, Does.Contain("too big a number").And.Contain("1e1000000"));
            Assert.That(rejected, Is.GreaterThanOrEqualTo(1));
        });
    }
}
