using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Delivery.Providers;

/// <summary>
/// A provider's Retry-After on the real path: Router and Delivery over the run's RabbitMQ, the redelivery kept in our
/// PostgreSQL scheduler, the schedule's own first interval being 1 s.
/// </summary>
[Category("Integration")]
public class When_a_provider_asks_to_retry_later
{
    [Test]
    public async Task Should_start_the_next_attempt_no_sooner_than_asked_and_number_it_as_the_next()
    {
        var retryAfter = TimeSpan.FromSeconds(3);
        using var twilio = new TwilioStub();
        twilio.Fails(429, code: 20429, retryAfter: retryAfter, scenario: "throttled", nextState: "recovered");
        twilio.AcceptsOnceIn("throttled", "recovered", "SMlater000000000000000000000000000");
        using var delivery = new DeliveryHost(twilio.Settings("Sms", 0, "twilio"));
        using var router = new RouterHost();
        using var deliveryClient = delivery.CreateClient();
        using var routerClient = router.CreateClient();

        var messageId = await routerClient.SubmitAsync(SampleMessages.Sms());
        var message = await deliveryClient.WaitForStateAsync(messageId, "Delivered", TimeSpan.FromSeconds(30));
        var attempts = message.GetProperty("attemptHistory").EnumerateArray().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(attempts.Select(a => a.GetProperty("attempt").GetInt32()), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(attempts[0].GetProperty("error").GetString(), Does.Contain("HTTP 429"));
            Assert.That(DeliveryApi.Gaps(message).Single(), Is.GreaterThanOrEqualTo(retryAfter));
            Assert.That(attempts[1].GetProperty("providerMessageId").GetString(), Is.EqualTo("SMlater000000000000000000000000000"));
            Assert.That(twilio.PostedForms, Has.Count.EqualTo(2));
        });
    }
}
