using System.Net;
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
}
