using Aggregator.Delivery.Channels;

namespace Aggregator.Tests.Unit.Delivery;

public class When_the_next_attempt_is_timed
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    [Test]
    public void Should_keep_the_schedule_when_the_provider_asks_for_nothing_or_less() =>
        Assert.Multiple(() =>
        {
            Assert.That(RedeliveryWait.Of(Interval, null), Is.EqualTo(new RedeliveryWait(Interval, false)));
            Assert.That(RedeliveryWait.Of(Interval, TimeSpan.FromSeconds(1)), Is.EqualTo(new RedeliveryWait(Interval, false)));
        });

    [Test]
    public void Should_wait_as_long_as_the_provider_asks_up_to_an_hour() =>
        Assert.Multiple(() =>
        {
            Assert.That(RedeliveryWait.Of(Interval, TimeSpan.FromSeconds(30)), Is.EqualTo(new RedeliveryWait(TimeSpan.FromSeconds(30), true)));
            Assert.That(RedeliveryWait.Of(Interval, TimeSpan.FromDays(2)), Is.EqualTo(new RedeliveryWait(RedeliveryWait.Longest, true)));
        });
}
