using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.Tests.Infrastructure;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// The real path: Router and Delivery over RabbitMQ, redeliveries stored in and sent by our PostgreSQL
/// scheduler at the default 1 s, 2 s and 4 s. When a retry is due is decided as the attempt fails, and is checked
/// exactly; when it really starts depends on how busy two shared cores are, so it may be up to a second late, never early.
/// </summary>
[Category("Integration")]
[Parallelizable(ParallelScope.Children)]
public class When_deliveries_are_retried_through_the_broker
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan[] Intervals = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];
    private static readonly TimeSpan Lateness = TimeSpan.FromSeconds(1);

    private RouterAndDelivery services = null!;
    private PublishedMessages<DeliveryAttemptFailed> failures = null!;

    [OneTimeSetUp]
    public async Task StartServices()
    {
        services = new RouterAndDelivery();
        failures = await PublishedMessages<DeliveryAttemptFailed>.ListenAsync(services.DeliveryServices.GetRequiredService<IBus>());
    }

    [OneTimeTearDown]
    public async Task StopServices()
    {
        await failures.DisposeAsync();
        services.Dispose();
    }

    /// <summary>The failure events of a message in attempt order, once all <paramref name="count"/> have come.</summary>
    private async Task<List<DeliveryAttemptFailed>> FailuresAsync(Guid messageId, int count) =>
        await Eventually.Get(() =>
        {
            var found = failures.Messages.Where(f => f.MessageId == messageId).OrderBy(f => f.Attempt).ToList();
            return Task.FromResult((found.Count >= count, found));
        }, Patience, $"{count} failure events of message {messageId}");

    /// <summary>
    /// Each retry was due exactly its interval after the failure that the attempt log recorded (the time the saga
    /// shows as its next attempt), and started no earlier than that and at most <see cref="Lateness"/> later.
    /// </summary>
    private static void AssertRetriedOnTime(JsonElement message, IReadOnlyList<DeliveryAttemptFailed> failed, int retries)
    {
        var gaps = DeliveryApi.Gaps(message);
        var finishedAt = DeliveryApi.FinishedAt(message);
        Assert.That(gaps, Has.Length.EqualTo(retries));
        for (var i = 0; i < retries; i++)
        {
            Assert.That(failed[i].NextAttemptAt, Is.EqualTo(failed[i].FailedAt + Intervals[i]), $"when retry {i + 1} is due");
            Assert.That(DeliveryApi.AsStored(failed[i].FailedAt), Is.EqualTo(finishedAt[i]), $"the end of attempt {i + 1} as recorded");
            Assert.That(gaps[i], Is.InRange(Intervals[i], Intervals[i] + Lateness), $"the gap before retry {i + 1}");
        }
    }

    [Test]
    public async Task Should_deliver_on_the_third_attempt_one_and_two_seconds_after_the_failures()
    {
        var messageId = await services.RouterClient.SubmitAsync(DeliveryApi.Simulated("fail-times:2"));
        var message = await services.DeliveryClient.WaitForStateAsync(messageId, "Delivered", Patience);
        var failed = await FailuresAsync(messageId, 2);

        Assert.Multiple(() =>
        {
            Assert.That(message.GetProperty("attempts").GetInt32(), Is.EqualTo(3));
            Assert.That(failed.Select(f => f.Attempt), Is.EqualTo(new[] { 1, 2 }));
            AssertRetriedOnTime(message, failed, 2);
        });
    }

    [Test]
    public async Task Should_fail_after_four_attempts_one_two_and_four_seconds_after_the_failures_with_the_command_in_the_error_queue()
    {
        var messageId = await services.RouterClient.SubmitAsync(DeliveryApi.Simulated("fail-always"));
        var message = await services.DeliveryClient.WaitForStateAsync(messageId, "Failed", Patience);
        var failed = await FailuresAsync(messageId, 4);
        // Failed with the last attempt's report; MassTransit faults the command into the _error queue beside it.
        var deadLetters = await Eventually.Get(async () =>
        {
            var peeked = await RabbitMqQueues.PeekAsync("sms_delivery_queue_error");
            return (peeked.Any(body => body.Contains(messageId.ToString())), peeked);
        }, Patience, "the last command in the _error queue");

        Assert.Multiple(() =>
        {
            Assert.That(message.GetProperty("attempts").GetInt32(), Is.EqualTo(4));
            Assert.That(failed.Select(f => f.Attempt), Is.EqualTo(new[] { 1, 2, 3, 4 }));
            AssertRetriedOnTime(message, failed, 3);
            Assert.That(failed[3].NextAttemptAt, Is.Null, "a fourth retry was planned");
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
        var accepted = await redrive.JsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(accepted.GetProperty("messageId").GetGuid(), Is.EqualTo(messageId));
            Assert.That(accepted.GetProperty("status").GetString(), Is.EqualTo("redrive-requested"));
            Assert.That(redrive.Headers.Location?.AbsolutePath, Is.EqualTo($"/api/v1/messages/{messageId}"));
        });
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
        var unknownId = Guid.NewGuid();
        var unknown = await services.DeliveryClient.PostAsync($"/api/v1/messages/{unknownId}/redrive", null);
        var conflict = await redrive.JsonAsync();
        var notFound = await unknown.JsonAsync();
        var after = await (await services.DeliveryClient.GetAsync($"/api/v1/messages/{messageId}")).JsonAsync();

        Assert.Multiple(() =>
        {
            Assert.That((int)redrive.StatusCode, Is.EqualTo(409));
            Assert.That(conflict.GetProperty("state").GetString(), Is.EqualTo("Delivered"));
            Assert.That(conflict.GetProperty("detail").GetString(), Does.Contain(messageId.ToString()));
            Assert.That((int)unknown.StatusCode, Is.EqualTo(404));
            Assert.That(notFound.GetProperty("detail").GetString(), Does.Contain(unknownId.ToString()));
            // Refused means nothing happened: still delivered, no new attempt.
            Assert.That(after.GetProperty("state").GetString(), Is.EqualTo("Delivered"));
            Assert.That(after.GetProperty("attempts").GetInt32(), Is.EqualTo(1));
        });
    }
}
