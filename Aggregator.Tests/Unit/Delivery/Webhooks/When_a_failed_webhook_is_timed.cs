using Aggregator.Delivery.Webhooks;

namespace Aggregator.Tests.Unit.Delivery.Webhooks;

public class When_a_failed_webhook_is_timed
{
    private static readonly WebhookOptions Defaults = new() { RetryIntervals = WebhookOptions.DefaultRetryIntervals };
    private static readonly DateTimeOffset First = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void Should_wait_5s_30s_2min_10min_1h_then_hourly()
    {
        var pauses = new List<TimeSpan>();
        var failedAt = First;
        for (var tried = 1; tried <= 8; tried++)
        {
            var next = WebhookRetries.Next(Defaults, tried, First, failedAt)!.Value;
            pauses.Add(next - failedAt);
            failedAt = next;
        }

        Assert.That(pauses, Is.EqualTo(new[]
        {
            TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10),
            TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.FromHours(1),
        }));
    }

    [Test]
    public void Should_try_last_at_the_end_of_give_up_after_and_then_give_up()
    {
        var late = First + TimeSpan.FromHours(23.5);

        Assert.Multiple(() =>
        {
            Assert.That(WebhookRetries.Next(Defaults, 25, First, late), Is.EqualTo(First + TimeSpan.FromHours(24)));
            Assert.That(WebhookRetries.Next(Defaults, 26, First, First + TimeSpan.FromHours(24)), Is.Null);
        });
    }
}
