using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// The real path: Router and Delivery over RabbitMQ, redeliveries stored in and sent by our PostgreSQL
/// scheduler at the default 1 s, 2 s and 4 s.
/// </summary>
[Category("Integration")]
[Parallelizable(ParallelScope.Children)]
public class When_deliveries_are_retried_through_the_broker
{
    private const double Tolerance = 0.3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private RouterAndDelivery services = null!;

    [OneTimeSetUp]
    public void StartServices() => services = new RouterAndDelivery();

    [OneTimeTearDown]
    public void StopServices() => services.Dispose();

    [Test]
    public async Task Should_deliver_on_the_third_attempt_about_one_and_two_seconds_apart()
    {
        var messageId = await services.RouterClient.SubmitAsync(DeliveryApi.Simulated("fail-times:2"));
        var message = await services.DeliveryClient.WaitForStateAsync(messageId, "Delivered", Patience);

        Assert.Multiple(() =>
        {
            Assert.That(message.GetProperty("attempts").GetInt32(), Is.EqualTo(3));
            Assert.That(DeliveryApi.GapsInSeconds(message), Has.Length.EqualTo(2));
            Assert.That(DeliveryApi.GapsInSeconds(message)[0], Is.EqualTo(1.0).Within(Tolerance));
            Assert.That(DeliveryApi.GapsInSeconds(message)[1], Is.EqualTo(2.0).Within(Tolerance));
        });
    }

    [Test]
    public async Task Should_fail_after_four_attempts_one_two_and_four_seconds_apart_with_the_command_in_the_error_queue()
    {
        var messageId = await services.RouterClient.SubmitAsync(DeliveryApi.Simulated("fail-always"));
        var message = await services.DeliveryClient.WaitForStateAsync(messageId, "Failed", Patience);
        var gaps = DeliveryApi.GapsInSeconds(message);
        var deadLetters = await RabbitMqQueues.PeekAsync("sms_delivery_queue_error");

        Assert.Multiple(() =>
        {
            Assert.That(message.GetProperty("attempts").GetInt32(), Is.EqualTo(4));
            Assert.That(gaps, Has.Length.EqualTo(3));
            Assert.That(gaps[0], Is.EqualTo(1.0).Within(Tolerance));
            Assert.That(gaps[1], Is.EqualTo(2.0).Within(Tolerance));
            Assert.That(gaps[2], Is.EqualTo(4.0).Within(Tolerance));
            Assert.That(deadLetters, Has.Some.Contains(messageId.ToString()));
        });
    }

    [Test]
    public async Task Should_fail_a_permanent_failure_after_one_attempt()
    {
        var messageId = await services.RouterClient.SubmitAsync(DeliveryApi.Simulated("fail-permanent"));
        var message = await services.DeliveryClient.WaitForStateAsync(messageId, "Failed", Patience);

        Assert.Multiple(() =>
        {
            Assert.That(message.GetProperty("attempts").GetInt32(), Is.EqualTo(1));
            Assert.That(message.GetProperty("attemptHistory")[0].GetProperty("outcome").GetString(), Is.EqualTo("FailedPermanently"));
        });
    }

    [Test]
    public async Task Should_deliver_a_failed_message_after_a_redrive_and_keep_its_old_attempts()
    {
        var messageId = await services.RouterClient.SubmitAsync(DeliveryApi.Simulated("fail-times:4"));
        await services.DeliveryClient.WaitForStateAsync(messageId, "Failed", Patience);

        var redrive = await services.DeliveryClient.PostAsync($"/api/v1/messages/{messageId}/redrive", null);
        Assert.That((int)redrive.StatusCode, Is.EqualTo(202), await redrive.Content.ReadAsStringAsync());
        var message = await services.DeliveryClient.WaitForStateAsync(messageId, "Delivered", Patience);

        Assert.Multiple(() =>
        {
            Assert.That(message.GetProperty("attempts").GetInt32(), Is.EqualTo(5));
            Assert.That(message.GetProperty("attemptHistory").EnumerateArray().Select(a => a.GetProperty("outcome").GetString()),
                Is.EqualTo(new[] { "FailedTransiently", "FailedTransiently", "FailedTransiently", "FailedTransiently", "Succeeded" }));
        });
    }

    [Test]
    public async Task Should_refuse_to_redrive_a_message_that_is_not_failed()
    {
        var messageId = await services.RouterClient.SubmitAsync(SampleMessages.Sms());
        await services.DeliveryClient.WaitForStateAsync(messageId, "Delivered", Patience);

        var redrive = await services.DeliveryClient.PostAsync($"/api/v1/messages/{messageId}/redrive", null);
        var unknown = await services.DeliveryClient.PostAsync($"/api/v1/messages/{Guid.NewGuid()}/redrive", null);
        Assert.Multiple(() =>
        {
            Assert.That((int)redrive.StatusCode, Is.EqualTo(409));
            Assert.That((int)unknown.StatusCode, Is.EqualTo(404));
        });
    }
}
