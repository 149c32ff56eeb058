using System.Net.Http.Json;
using Aggregator.Logging.Storage;
using Aggregator.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Aggregator.Tests.Integration.Logging;

/// <summary>The properties dashboards count by get columns of their own, filled from the line's properties as it is stored.</summary>
[Category("Integration")]
public class When_a_state_change_line_is_stored_in_postgresql
{
    [Test]
    public async Task Should_fill_the_state_channel_and_event_columns_and_filter_on_them()
    {
        using var logging = new LoggingHost();
        using var client = logging.CreateClient();
        var traceId = LoggingApi.NewTraceId();
        // Dictionaries, not anonymous objects: the properties keep the names Serilog gives them, not camel case.
        await client.PostAsJsonAsync("/api/v1/logs", new[]
        {
            new
            {
                timestamp = DateTimeOffset.UtcNow, level = "Information", service = "delivery", message = "Message Processing -> Delivered (Sms, attempt 1)", traceId,
                properties = new Dictionary<string, object> { ["From"] = "Processing", ["To"] = "Delivered", ["Channel"] = "Sms", ["Attempt"] = 1 },
            },
            new
            {
                timestamp = DateTimeOffset.UtcNow, level = "Information", service = "delivery", message = "Webhook message.delivered sent", traceId,
                properties = new Dictionary<string, object> { ["EventType"] = "message.delivered", ["Try"] = 1 },
            },
        });
        await client.SearchLogsAsync($"traceId={traceId}", 2);

        await using var command = logging.Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand("SELECT state, channel, event FROM log_entries WHERE trace_id = $1 ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter { Value = traceId });
        var rows = new List<(string?, string?, string?)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }
        var store = logging.Services.GetRequiredService<ILogStore>();
        var delivered = await store.SearchAsync(new LogQuery(TraceId: traceId, State: "Delivered", Channel: "Sms"), CancellationToken.None);
        var events = await store.SearchAsync(new LogQuery(TraceId: traceId, Event: "message.delivered"), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.EqualTo(new[] { ("Delivered", "Sms", (string?)null), (null, null, "message.delivered") }));
            Assert.That(delivered.Single().Message, Does.Contain("-> Delivered"));
            Assert.That(events.Single().Message, Does.StartWith("Webhook"));
        });
    }
}
