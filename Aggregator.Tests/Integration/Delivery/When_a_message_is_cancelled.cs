using System.Net;
using Aggregator.ServiceDefaults.Security;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// <c>DELETE /api/v1/messages/{id}</c>: Scheduled, Accepted and Retrying → Cancelled (202), anything else 409; a
/// cancelled message is never sent, also when its command was already scheduled or queued; the cancel is audited.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class When_a_message_is_cancelled
{
    private static readonly Dictionary<string, string?> Keys = TestApiKeys.Settings(
        ("anonymous-like", [Roles.Submit, Roles.Support]), ("other", [Roles.Submit]), ("ops", [Roles.Redrive, Roles.Support]));

    private DeliveryHost delivery = null!;
    private HttpClient owner = null!;
    private HttpClient other = null!;
    private HttpClient ops = null!;

    [OneTimeSetUp]
    public void Start()
    {
        delivery = new DeliveryHost(Settings.Of(Keys, new Dictionary<string, string?>
        {
            // A retry long enough to cancel in, without racing it.
            ["Redelivery:Intervals:0"] = "00:00:03",
            ["Serilog:MinimumLevel:Override:Aggregator.Delivery.StateMachines.MessageAuditEntry"] = "Information",
        }));
        owner = delivery.CreateClient("anonymous-like");
        other = delivery.CreateClient("other");
        ops = delivery.CreateClient("ops");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        owner.Dispose();
        other.Dispose();
        ops.Dispose();
        delivery.Dispose();
    }

    [Test]
    public async Task Should_cancel_a_scheduled_message_and_drop_its_command_when_it_comes_due()
    {
        var sendAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var id = await Submit(DeliveryHarness.Message() with { SendAt = sendAt });
        await owner.WaitForStateAsync(id, "Scheduled", TimeSpan.FromSeconds(10));

        var cancel = await owner.DeleteAsync($"/api/v1/messages/{id}");
        // The scheduled command has come due and was dropped by the attempt's claim.
        await Eventually.True(async () => DateTimeOffset.UtcNow > sendAt && (await DeliveryDatabase.ScheduledForAsync(id)).Count == 0,
            TimeSpan.FromSeconds(15), "the scheduled command to come due");
        var message = await owner.WaitForStateAsync(id, "Cancelled", TimeSpan.FromSeconds(5));

        Assert.Multiple(async () =>
        {
            Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await cancel.Content.ReadAsStringAsync());
            Assert.That(message.GetProperty("attemptHistory").GetArrayLength(), Is.Zero, "never sent");
            var audit = message.GetProperty("audit")[0];
            Assert.That(audit.GetProperty("action").GetString(), Is.EqualTo("cancel"));
            Assert.That(audit.GetProperty("by").GetString(), Is.EqualTo("anonymous-like"));
            Assert.That(audit.GetProperty("fromState").GetString(), Is.EqualTo("Scheduled"));
        });
        Assert.That(delivery.Logs.Lines, Has.Some.Contains($"Message {id} Scheduled -> Cancelled (").And.Contains("): cancel by anonymous-like"));
    }

    [Test]
    public async Task Should_cancel_a_retrying_message_and_drop_its_pending_retry()
    {
        var id = await Submit(DeliveryHarness.Message(simulate: "fail-times:1"));
        await owner.WaitForStateAsync(id, "Retrying", TimeSpan.FromSeconds(10));

        var cancel = await ops.DeleteAsync($"/api/v1/messages/{id}");
        await Eventually.True(async () => (await DeliveryDatabase.ScheduledForAsync(id)).Count == 0, TimeSpan.FromSeconds(15),
            "the pending retry to come due");
        var message = await owner.WaitForStateAsync(id, "Cancelled", TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "a redrive key cancels any message");
            Assert.That(message.GetProperty("attemptHistory").GetArrayLength(), Is.EqualTo(1), "the retry was never made");
            Assert.That(message.GetProperty("audit")[0].GetProperty("fromState").GetString(), Is.EqualTo("Retrying"));
        });
    }

    [Test]
    public async Task Should_refuse_to_cancel_an_attempt_under_way_or_a_delivered_message()
    {
        var slow = await Submit(DeliveryHarness.Message(simulate: "delay-ms:3000"));
        await owner.WaitForStateAsync(slow, "Processing", TimeSpan.FromSeconds(10));
        var whileProcessing = await owner.DeleteAsync($"/api/v1/messages/{slow}");
        await owner.WaitForStateAsync(slow, "Delivered", TimeSpan.FromSeconds(15));
        var whenDelivered = await owner.DeleteAsync($"/api/v1/messages/{slow}");

        Assert.Multiple(async () =>
        {
            Assert.That(whileProcessing.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await whileProcessing.JsonAsync()).GetProperty("state").GetString(), Is.EqualTo("Processing"));
            Assert.That(whenDelivered.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await whenDelivered.JsonAsync()).GetProperty("state").GetString(), Is.EqualTo("Delivered"));
        });
    }

    [Test]
    public async Task Should_answer_404_to_another_submit_key_and_leave_the_message_alone()
    {
        var id = await Submit(DeliveryHarness.Message() with { SendAt = DateTimeOffset.UtcNow.AddSeconds(3) });
        await owner.WaitForStateAsync(id, "Scheduled", TimeSpan.FromSeconds(10));

        var byOther = await other.DeleteAsync($"/api/v1/messages/{id}");
        var unknown = await owner.DeleteAsync($"/api/v1/messages/{Guid.NewGuid()}");
        var message = await owner.WaitForStateAsync(id, "Scheduled", TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(byOther.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(message.GetProperty("audit").GetArrayLength(), Is.Zero, "nothing was done to it");
        });
        // Sent at its time all the same: the scheduler's table is left as other specs expect it.
        await owner.WaitForStateAsync(id, "Delivered", TimeSpan.FromSeconds(15));
    }

    [Test]
    public async Task Should_never_send_a_message_whose_cancel_was_accepted_while_attempts_race_it()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add(await Submit(DeliveryHarness.Message(body: $"race {i} {Guid.NewGuid():N}")));
        }
        // A saga still being created is not found yet (404): that cancel is sent again, the race is with the attempt.
        var answers = await Task.WhenAll(ids.Select(id => Eventually.Get(async () =>
        {
            var answer = await owner.DeleteAsync($"/api/v1/messages/{id}");
            return (answer.StatusCode != HttpStatusCode.NotFound, answer);
        }, TimeSpan.FromSeconds(10), $"message {id} to be known")));

        var settled = await Task.WhenAll(ids.Select((id, i) => owner.WaitForStateAsync(id,
            answers[i].StatusCode == HttpStatusCode.Accepted ? "Cancelled" : "Delivered", TimeSpan.FromSeconds(30))));

        for (var i = 0; i < ids.Count; i++)
        {
            var outcomes = settled[i].GetProperty("attemptHistory").EnumerateArray().Select(a => a.GetProperty("outcome").GetString()).ToList();
            if (answers[i].StatusCode == HttpStatusCode.Accepted)
            {
                Assert.That(outcomes, Is.Empty, $"message {i} was cancelled (202) and must never be sent");
            }
            else
            {
                Assert.That(answers[i].StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
                Assert.That(outcomes, Is.EqualTo(new[] { "Succeeded" }), $"message {i}'s cancel lost the race (409): sent once");
            }
        }
    }

    private async Task<Guid> Submit(Aggregator.Contracts.MessageSubmitted message) =>
        await delivery.SubmitDirectAsync(message with { SubmittedBy = "anonymous-like" });
}
