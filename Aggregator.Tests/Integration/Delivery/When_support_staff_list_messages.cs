using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aggregator.Contracts;
using Aggregator.Delivery.Apis;
using Aggregator.Delivery.StateMachines;
using Aggregator.Tests.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>Messages of a day long past, so that no other test's messages fall into the queried window.</summary>
[Category("Integration")]
public class When_support_staff_list_messages
{
    private static readonly DateTimeOffset Day = new(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const string Window = "since=2001-01-01T00:00:00Z&until=2001-01-02T00:00:00Z";

    private readonly List<MessageState> seeded = [];
    private DeliveryHost delivery = null!;
    private HttpClient client = null!;

    [OneTimeSetUp]
    public async Task SeedMessages()
    {
        delivery = new DeliveryHost();
        client = delivery.CreateClient();
        string[] states = ["Delivered", "Failed", "Retrying", "Delivered", "Processing", "Delivered", "Accepted"];
        await using var db = DeliveryDatabase.Open();
        await db.Messages.Where(m => m.CreatedAt >= Day && m.CreatedAt < Day.AddDays(1)).ExecuteDeleteAsync();
        for (var i = 0; i < states.Length; i++)
        {
            seeded.Add(new MessageState
            {
                CorrelationId = NewId.NextGuid(),
                CurrentState = states[i],
                TraceId = "0af7651916cd43dd8448eb211c80319c",
                Channel = i % 2 == 0 ? MessageChannel.Email : MessageChannel.Sms,
                Recipient = "j***@example.com",
                // Two share a timestamp, so the message id must break the tie.
                CreatedAt = Day.AddMinutes(i == 6 ? 5 : i),
                // Changed just now: a message settled in 2001 is one the retention job deletes.
                UpdatedAt = DateTimeOffset.UtcNow,
            });
        }
        db.Messages.AddRange(seeded);
        await db.SaveChangesAsync();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        client.Dispose();
        delivery.Dispose();
    }

    private async Task<(List<Guid> Ids, string? Next)> PageAsync(string query)
    {
        var response = await client.GetAsync($"/api/v1/messages?{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await response.JsonAsync();
        var next = body.GetProperty("nextCursor");
        return (body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("messageId").GetGuid()).ToList(),
            next.ValueKind == JsonValueKind.Null ? null : next.GetString());
    }

    private List<Guid> NewestFirst(Func<MessageState, bool> filter) => seeded.Where(filter)
        .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.CorrelationId.ToString()).Select(m => m.CorrelationId).ToList();

    [Test]
    public async Task Should_page_through_all_of_them_newest_first_without_overlap()
    {
        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var (ids, next) = await PageAsync($"{Window}&limit=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(ids);
            cursor = next;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Multiple(() =>
        {
            Assert.That(pages, Is.EqualTo(3));
            Assert.That(seen, Is.EqualTo(NewestFirst(_ => true)));
        });
    }

    [Test]
    public async Task Should_filter_by_state_and_channel()
    {
        var (delivered, _) = await PageAsync($"{Window}&state=delivered");
        var (sms, _) = await PageAsync($"{Window}&channel=SMS");
        var (both, _) = await PageAsync($"{Window}&state=Delivered&channel=email");

        Assert.Multiple(() =>
        {
            Assert.That(delivered, Is.EqualTo(NewestFirst(m => m.CurrentState == "Delivered")));
            Assert.That(sms, Is.EqualTo(NewestFirst(m => m.Channel == MessageChannel.Sms)));
            Assert.That(both, Is.EqualTo(NewestFirst(m => m.CurrentState == "Delivered" && m.Channel == MessageChannel.Email)));
        });
    }

    /// <summary>ToQueryString lists parameters as comments (<c>-- @p='v'</c>); EXPLAIN needs their values in place.</summary>
    private static string InlineParameters(string queryString)
    {
        var lines = queryString.Split('\n');
        var parameters = lines.Where(l => l.StartsWith("-- @", StringComparison.Ordinal))
            .Select(l => Regex.Match(l, "^-- (@\\w+)='(.*)'"))
            .Where(m => m.Success)
            .OrderByDescending(m => m.Groups[1].Value.Length)
            .ToList();
        var sql = string.Join("\n", lines.Where(l => !l.StartsWith("--", StringComparison.Ordinal)));
        foreach (var parameter in parameters)
        {
            sql = sql.Replace(parameter.Groups[1].Value, $"'{parameter.Groups[2].Value}'", StringComparison.Ordinal);
        }
        return sql;
    }

    [TestCase("state=lost", "state")]
    [TestCase("channel=fax", "channel")]
    [TestCase("since=yesterday", "since")]
    [TestCase("limit=0", "limit")]
    [TestCase("limit=1000", "limit")]
    [TestCase("cursor=not-a-cursor", "cursor")]
    [TestCase("since=2001-02-01T00:00:00Z&until=2001-01-01T00:00:00Z", "until")]
    public async Task Should_answer_400_naming_a_bad_filter(string query, string field)
    {
        var response = await client.GetAsync($"/api/v1/messages?{query}");
        var problem = await response.JsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
        });
    }

    [TestCase(null, null, "ix_message_states_created")]
    [TestCase("Failed", null, "ix_message_states_state_created")]
    [TestCase(null, "sms", "ix_message_states_channel_created")]
    public async Task Should_read_each_page_from_an_index_in_order_without_sorting(string? state, string? channel, string index)
    {
        var cursor = new MessageCursor(Day.AddHours(1), Guid.NewGuid()).Encode();
        var query = MessageListQuery.Read(state, channel, null, null, "50", cursor);
        await using var db = DeliveryDatabase.Open();
        // Other specs of the run fill the table meanwhile; fresh statistics keep the planner's choice about the index.
        await db.Database.ExecuteSqlRawAsync("ANALYZE message_states");
        await using var transaction = await db.Database.BeginTransactionAsync();
        // The table is small in a test, where reading it all and sorting is cheapest; on a large table a page of
        // 50 is an ordered index scan. Turning off the whole-table plans shows which index fits and that it needs no sort.
        await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off");
        var sql = InlineParameters(query.Apply(db.Messages.AsNoTracking()).ToQueryString());
#pragma warning disable EF1003 // The SQL is EF Core's own translation of our query, not outside input.
        var plan = string.Join("\n", await db.Database.SqlQueryRaw<string>("EXPLAIN " + sql).ToListAsync());
#pragma warning restore EF1003

        Assert.Multiple(() =>
        {
            Assert.That(plan, Does.Contain(index), plan);
            Assert.That(plan, Does.Not.Contain("Sort"), plan);
        });
    }
}
