using System.Text;
using Aggregator.Delivery.Channels.Whatsapp;

namespace Aggregator.Tests.Unit.Delivery;

/// <summary>A signed notification is Meta's, but its shape is still only what it says it is: odd elements are skipped, never a 500.</summary>
public class When_a_meta_notification_is_read
{
    [TestCase("""{"entry":[{"changes":["text",{"value":{"statuses":[1,null,{"id":"wamid.1","status":"read"}]}}]}]}""")]
    [TestCase("""{"entry":[7,{"changes":[{"value":"x"},{"value":{"statuses":[{"id":"wamid.1","status":"read"},{"id":"wamid.2"}]}}]}]}""")]
    public void Should_take_the_statuses_it_can_read_and_skip_the_rest(string body) =>
        Assert.That(MetaWebhook.Statuses(Encoding.UTF8.GetBytes(body)), Is.EqualTo(new[] { ("wamid.1", "read") }));

    [TestCase("[]")]
    [TestCase("\"text\"")]
    [TestCase("""{"entry":{"changes":[]}}""")]
    public void Should_find_nothing_in_a_body_of_another_shape(string body) =>
        Assert.That(MetaWebhook.Statuses(Encoding.UTF8.GetBytes(body)), Is.Empty);
}
