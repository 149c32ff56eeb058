using Aggregator.Contracts;
using Aggregator.Delivery.Webhooks;

namespace Aggregator.Tests.Unit.Delivery.Webhooks;

public class When_a_webhook_body_is_built
{
    [Test]
    public void Should_hold_type_timestamp_and_the_message_state_only()
    {
        var change = new MessageStatusChanged
        {
            EventId = Guid.NewGuid(),
            Type = "message.receipt",
            MessageId = Guid.Parse("0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"),
            TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
            Channel = MessageChannel.Whatsapp,
            State = "Delivered",
            Attempts = 3,
            ProviderStatus = "read",
            SubmittedBy = "shop",
            OccurredAt = new DateTimeOffset(2026, 11, 28, 10, 15, 30, 125, TimeSpan.FromHours(2)),
        };

        Assert.That(WebhookBody.From(change), Is.EqualTo(
            """{"type":"message.receipt","timestamp":"2026-11-28T08:15:30.125Z","data":{"messageId":"0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","channel":"whatsapp","state":"Delivered","attempts":3,"providerStatus":"read"}}"""));
    }
}
