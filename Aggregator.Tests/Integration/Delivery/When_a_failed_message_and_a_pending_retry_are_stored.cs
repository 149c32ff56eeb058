using Aggregator.Contracts;
using Aggregator.ServiceDefaults.Logging;
using Aggregator.Tests.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;
using Npgsql;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// The real Delivery service keeps a failed message's command (for a redrive) and a retry's envelope (in the scheduler's
/// table), both holding the full recipient, subject and body. Every text, json and jsonb column of every table of the
/// Delivery database, read while both are there, holds none of them in clear. Each part of the messages carries a token
/// of its own, so that neither other specs' messages nor JSON escaping can hide a copy. Every queue of the broker is
/// read as well: a clear copy may be only in a queue the README's "Personal data at rest" names, and the failed
/// message's last command is where the README says it rests.
/// </summary>
[Category("Integration")]
public class When_a_failed_message_and_a_pending_retry_are_stored
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Should_hold_no_full_recipient_subject_or_body_in_clear_in_any_column()
    {
        // The first retry waits long enough for the scan; the others are quick, so the message then fails for good.
        using var delivery = new DeliveryHost(new Dictionary<string, string?>
        {
            ["Redelivery:Intervals:0"] = "00:00:20",
            ["Redelivery:Intervals:1"] = "00:00:00.100",
            ["Redelivery:Intervals:2"] = "00:00:00.100",
        });
        using var client = delivery.CreateClient();
        var bus = delivery.Services.GetRequiredService<IBus>();
        var failed = Secret("fail-permanent");
        var retrying = Secret("fail-always");

        await bus.Publish(failed.Message);
        await bus.Publish(retrying.Message);
        await client.WaitForStateAsync(failed.Message.MessageId, "Failed", Patience);
        await Eventually.True(async () => (await DeliveryDatabase.ScheduledForAsync(retrying.Message.MessageId)).Count > 0, Patience,
            "the retry to be scheduled");

        var columns = await TextColumnsAsync();
        var inClear = await FindAsync(columns, [.. failed.Needles, .. retrying.Needles]);
        var masked = await FindAsync(columns, [RecipientMask.Mask(failed.Message.Recipient)]);
        var retryWaitedThroughout = (await DeliveryDatabase.ScheduledForAsync(retrying.Message.MessageId)).Count > 0;
        var keptCommand = await DeliveryDatabase.ReadAsync(db => db.DeliveryCommands.AnyAsync(c => c.MessageId == failed.Message.MessageId));
        var queuesInClear = await QueuesHoldingAsync([.. failed.Needles, .. retrying.Needles]);
        var documented = DocumentedQueues();

        Assert.Multiple(() =>
        {
            Assert.That(columns, Does.Contain("delivery_commands.command").And.Contain("scheduled_messages.body").And.Contain("scheduled_messages.headers"),
                "the columns read");
            Assert.That(keptCommand, Is.True, "the failed message's command is kept");
            Assert.That(retryWaitedThroughout, Is.True, "the retry was sent before the scan ended");
            Assert.That(masked.Select(f => f.Column), Does.Contain("message_states.recipient"), "the masked recipient, where the scan must see it");
            Assert.That(inClear.Select(f => $"{f.Column} holds {f.Needle}"), Is.Empty, "columns holding a recipient, subject or body in clear");
            Assert.That(queuesInClear.Where(q => !documented.Any(pattern => pattern.IsMatch(q))), Is.Empty,
                "queues holding a message in clear that the README does not name");
        });

        // The encrypted envelope is read back and sent: the message goes through all its attempts.
        var finished = await client.WaitForStateAsync(retrying.Message.MessageId, "Failed", Patience + Patience);
        Assert.That(finished.GetProperty("attempts").GetInt32(), Is.EqualTo(4));
        // Failed with the last attempt's report; MassTransit faults the command into the _error queue beside it.
        await Eventually.True(async () => (await QueuesHoldingAsync(retrying.Needles)).Contains("email_delivery_queue_error"), Patience,
            "the Failed message's last command to rest in its _error queue, as the README says");
    }

    private static SecretMessage Secret(string simulate)
    {
        var recipient = $"jane.{Guid.NewGuid():N}@example.com";
        var subject = $"Subject {Guid.NewGuid():N}";
        var body = $"Body {Guid.NewGuid():N}";
        var message = DeliveryHarness.Message(MessageChannel.Email, simulate, body, subject) with { Recipient = recipient };
        // The whole of each, and its token alone (a copy cut short, or escaped around it, still holds that).
        return new SecretMessage(message, [recipient, recipient[5..37], subject, subject[8..], body, body[5..]]);
    }

    private static async Task<List<string>> TextColumnsAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT c.table_name || '.' || c.column_name
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'xml')
            ORDER BY 1
            """, connection);
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }
        return columns;
    }

    /// <summary>Each column ("table.column") holding any of <paramref name="needles"/>, with the needle.</summary>
    private static async Task<List<(string Column, string Needle)>> FindAsync(IEnumerable<string> columns, IReadOnlyList<string> needles)
    {
        await using var connection = await OpenAsync();
        var found = new List<(string Column, string Needle)>();
        foreach (var column in columns)
        {
            var (table, name) = (column.Split('.')[0], column.Split('.')[1]);
            foreach (var needle in needles)
            {
                await using var command = new NpgsqlCommand(
                    $"""SELECT EXISTS (SELECT 1 FROM "{table}" WHERE strpos("{name}"::text, $1) > 0)""", connection);
                command.Parameters.AddWithValue(needle);
                if ((bool)(await command.ExecuteScalarAsync())!)
                {
                    found.Add((column, needle));
                }
            }
        }
        return found;
    }

    private static async Task<List<string>> QueuesHoldingAsync(IReadOnlyList<string> needles)
    {
        var holding = new List<string>();
        foreach (var queue in await RabbitMqQueues.ListAsync())
        {
            var bodies = await RabbitMqQueues.PeekAsync(queue, 1000);
            if (bodies.Any(body => needles.Any(body.Contains)))
            {
                holding.Add(queue);
            }
        }
        return holding;
    }

    /// <summary>The queue names (`…` and `*` as wildcards) of the README's "Personal data at rest" rows about RabbitMQ.</summary>
    private static List<Regex> DocumentedQueues() =>
        RepositoryFiles.ReadText("README.md").Split('\n')
            .Where(line => line.StartsWith("| RabbitMQ", StringComparison.Ordinal))
            .SelectMany(line => Regex.Matches(line.Split('|')[1], "`([^`]+)`").Select(m => m.Groups[1].Value))
            .Select(name => new Regex("^" + Regex.Escape(name).Replace("…", ".*").Replace("\\*", ".*") + "$"))
            .ToList();

    private static async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(TestServers.Postgres(TestRun.DeliveryDatabase));
        await connection.OpenAsync();
        return connection;
    }

    private sealed record SecretMessage(MessageSubmitted Message, IReadOnlyList<string> Needles);
}
