using System.Net;
using Aggregator.Contracts;
using Aggregator.Delivery.StateMachines;
using Aggregator.ServiceDefaults.Security;
using Aggregator.Tests.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Tests.Integration.Delivery.SupportConsole;

/// <summary>
/// What the support console reads besides the messages API: <c>GET /api/v1/messages/counts</c> (every state, per key as
/// the list is, under the list's channel and time filters) and <c>GET /console/settings.json</c>. Messages of a day long
/// past, so that no other test's messages fall into the counted window.
/// </summary>
[Category("Integration")]
public class When_the_console_counts_messages
{
    private static readonly DateTimeOffset Day = new(2002, 2, 2, 0, 0, 0, TimeSpan.Zero);
    private const string Window = "since=2002-02-02T00:00:00Z&until=2002-02-03T00:00:00Z";

    private DeliveryHost delivery = null!;

    [OneTimeSetUp]
    public async Task SeedMessages()
    {
        delivery = new DeliveryHost(Settings.Of(
            TestApiKeys.Settings(("support", [Roles.Support]), ("shop", [Roles.Submit]), ("writer", [Roles.LogsWrite])),
            new Dictionary<string, string?> { ["Logging:PublicUrl"] = "https://logs.example.com/" }));
        (string State, MessageChannel Channel, string Owner)[] messages =
        [
            ("Delivered", MessageChannel.Email, "shop"), ("Delivered", MessageChannel.Sms, "shop"), ("Delivered", MessageChannel.Sms, "other"),
            ("Failed", MessageChannel.Sms, "other"), ("Scheduled", MessageChannel.Whatsapp, "shop"), ("Cancelled", MessageChannel.Email, "other"),
        ];
        await using var db = DeliveryDatabase.Open();
        await db.Messages.Where(m => m.CreatedAt >= Day && m.CreatedAt < Day.AddDays(1)).ExecuteDeleteAsync();
        db.Messages.AddRange(messages.Select((m, i) => new MessageState
        {
            CorrelationId = NewId.NextGuid(),
            CurrentState = m.State,
            TraceId = "0af7651916cd43dd8448eb211c80319c",
            Channel = m.Channel,
            Recipient = "j***@example.com",
            SubmittedBy = m.Owner,
            CreatedAt = Day.AddMinutes(i),
            // Changed just now: a message settled in 2002 is one the retention job deletes.
            UpdatedAt = DateTimeOffset.UtcNow,
        }));
        await db.SaveChangesAsync();
    }

    [OneTimeTearDown]
    public void Stop() => delivery.Dispose();

    private async Task<Dictionary<string, int>> CountsAsync(string key, string query)
    {
        using var client = delivery.CreateClient(key);
        var response = await client.GetAsync($"/api/v1/messages/counts?{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
    }

    [Test]
    public async Task Should_count_every_state_a_support_key_may_see()
    {
        var counts = await CountsAsync("support", Window);

        Assert.That(counts, Is.EqualTo(new Dictionary<string, int>
        {
            ["Scheduled"] = 1, ["Accepted"] = 0, ["Processing"] = 0, ["Retrying"] = 0,
            ["Delivered"] = 3, ["Failed"] = 1, ["Expired"] = 0, ["Cancelled"] = 1,
        }));
    }

    [Test]
    public async Task Should_count_only_its_own_for_a_submit_key()
    {
        var counts = await CountsAsync("shop", Window);

        Assert.Multiple(() =>
        {
            Assert.That(counts["Delivered"], Is.EqualTo(2));
            Assert.That(counts["Scheduled"], Is.EqualTo(1));
            Assert.That(counts["Failed"], Is.EqualTo(0), "another key's failed message");
            Assert.That(counts["Cancelled"], Is.EqualTo(0), "another key's cancelled message");
        });
    }

    [Test]
    public async Task Should_count_under_the_channel_and_time_filters()
    {
        var sms = await CountsAsync("support", $"{Window}&channel=sms");
        var firstTwoMinutes = await CountsAsync("support", "since=2002-02-02T00:00:00Z&until=2002-02-02T00:02:00Z");

        Assert.Multiple(() =>
        {
            Assert.That(sms.Values.Sum(), Is.EqualTo(3));
            Assert.That(sms["Delivered"], Is.EqualTo(2));
            Assert.That(firstTwoMinutes.Values.Sum(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Should_refuse_a_bad_filter_and_a_key_without_the_role()
    {
        using var support = delivery.CreateClient("support");
        using var writer = delivery.CreateClient("writer");
        using var anonymous = delivery.CreateClient();

        var badChannel = await support.GetAsync("/api/v1/messages/counts?channel=fax");
        var wrongRole = await writer.GetAsync("/api/v1/messages/counts");
        var noKey = await anonymous.GetAsync("/api/v1/messages/counts");

        Assert.Multiple(async () =>
        {
            Assert.That(badChannel.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await badChannel.JsonAsync()).GetProperty("errors").TryGetProperty("channel", out _), Is.True);
            Assert.That(wrongRole.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(noKey.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task Should_serve_the_page_and_its_settings_without_a_key_but_no_data()
    {
        using var anonymous = delivery.CreateClient();

        var page = await anonymous.GetAsync("/");
        var script = await anonymous.GetAsync("/app.js");
        var settings = await anonymous.GetAsync("/console/settings.json");
        var list = await anonymous.GetAsync("/api/v1/messages");

        Assert.Multiple(async () =>
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("Support console"));
            Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(settings.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await settings.Content.ReadAsStringAsync(), Is.EqualTo("""{"tracePageUrl":"https://logs.example.com"}"""));
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [TestCase("logs.example.com")]
    [TestCase("ftp://logs.example.com")]
    public void Should_stop_at_start_up_when_the_trace_page_url_is_not_an_absolute_http_url(string url)
    {
        using var misconfigured = new DeliveryHost(new Dictionary<string, string?> { ["Logging:PublicUrl"] = url });

        var error = Assert.Catch(() => misconfigured.CreateClient());

        Assert.That(error!.ToString(), Does.Contain("Logging:PublicUrl"));
    }
}
