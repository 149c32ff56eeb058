using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.EndToEnd;

[Category("Integration")]
public class When_a_message_is_submitted_to_the_router
{
    private RouterAndDelivery services = null!;

    [OneTimeSetUp]
    public void StartServices() => services = new RouterAndDelivery();

    [OneTimeTearDown]
    public void StopServices() => services.Dispose();

    [Test]
    public async Task Should_be_delivered_and_shown_by_the_delivery_api()
    {
        var response = await services.RouterClient.PostMessageAsync(SampleMessages.Sms());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var accepted = await response.JsonAsync();
        var messageId = accepted.GetProperty("messageId").GetGuid();
        var traceId = accepted.GetProperty("traceId").GetString();
        Assert.Multiple(() =>
        {
            Assert.That(accepted.GetProperty("status").GetString(), Is.EqualTo("accepted"));
            Assert.That(traceId, Does.Match("^[0-9a-f]{32}$"));
            Assert.That(accepted.GetProperty("statusUrl").GetString(), Does.EndWith($"/api/v1/messages/{messageId}"));
        });

        var message = await Eventually.Get(async () =>
        {
            var status = await services.DeliveryClient.GetAsync($"/api/v1/messages/{messageId}");
            if (status.StatusCode != HttpStatusCode.OK)
            {
                return (false, default);
            }
            var body = await status.JsonAsync();
            return (body.GetProperty("state").GetString() == "Delivered", body);
        }, TimeSpan.FromSeconds(20), $"message {messageId} to be delivered");

        Assert.Multiple(() =>
        {
            Assert.That(message.GetProperty("messageId").GetGuid(), Is.EqualTo(messageId));
            Assert.That(message.GetProperty("traceId").GetString(), Is.EqualTo(traceId));
            Assert.That(message.GetProperty("channel").GetString(), Is.EqualTo("sms"));
            Assert.That(message.GetProperty("recipient").GetString(), Is.EqualTo("+1******2671"));
            Assert.That(message.GetProperty("deliveredAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(message.GetProperty("attempts").GetInt32(), Is.EqualTo(1));
            Assert.That(message.GetProperty("attemptHistory").EnumerateArray().Select(a => a.GetProperty("outcome").GetString()), Is.EqualTo(new[] { "Succeeded" }));
        });
    }

    [Test]
    public async Task Should_answer_404_with_problem_details_for_an_unknown_message()
    {
        var messageId = Guid.NewGuid();
        var response = await services.DeliveryClient.GetAsync($"/api/v1/messages/{messageId}");
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That((await response.JsonAsync()).GetProperty("detail").GetString(), Does.Contain(messageId.ToString()));
        });
    }

    /// <summary>
    /// A batch's accepted messages travel as one envelope (one broker message, one confirm) and Delivery hands each on to
    /// the saga on its lane: every accepted item is delivered, a high one too, and a Scheduled one at its time.
    /// </summary>
    [Test]
    public async Task Should_deliver_every_accepted_item_on_its_lane_and_at_its_time()
    {
        var sendAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var messages = new object[]
        {
            SampleMessages.Sms(),
            new { channel = "email", recipient = "jane@example.com", subject = "Code", body = $"Your code {Guid.NewGuid():N}", priority = "high" },
            new { channel = "sms", recipient = "+14155552671", body = $"Later {Guid.NewGuid():N}", sendAt },
            new { channel = "fax", recipient = "x", body = "refused" },
        };

        var response = await services.RouterClient.PostAsJsonAsync("/api/v1/messages/batch", new { messages });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var items = (await response.JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.That(items.Select(i => i.GetProperty("status").GetInt32()), Is.EqualTo(new[] { 202, 202, 202, 400 }));
        var ids = items.Take(3).Select(i => i.GetProperty("messageId").GetGuid()).ToList();

        var delivered = await Task.WhenAll(ids.Select(id => services.DeliveryClient.WaitForStateAsync(id, "Delivered", TimeSpan.FromSeconds(20))));

        Assert.Multiple(() =>
        {
            Assert.That(delivered[1].GetProperty("priority").GetString(), Is.EqualTo("high"));
            Assert.That(delivered[2].GetProperty("attemptHistory")[0].GetProperty("startedAt").GetDateTimeOffset(), Is.GreaterThanOrEqualTo(sendAt),
                "the scheduled item waited for its sendAt");
        });
    }
}
