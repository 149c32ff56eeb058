using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Delivery.Providers;

[Category("Integration")]
public class When_the_provider_list_is_wrong
{
    [Test]
    public void Should_refuse_to_start_and_name_every_mistake()
    {
        using var delivery = new DeliveryHost(new Dictionary<string, string?>
        {
            ["Channels:Sms:Providers:0:Type"] = "Twilio",
            ["Channels:Sms:Providers:0:From"] = "+15005550006",
            ["Channels:Email:Providers:0:Type"] = "WhatsAppCloud",
            ["Channels:Whatsapp:Providers:0:Type"] = "Carrier pigeon",
            ["Channels:Email:Providers:1:Type"] = "Smtp",
            ["Channels:Email:Providers:1:Host"] = "smtp.example.com",
            ["Channels:Email:Providers:1:From"] = "noreply@example.com",
            ["Channels:Email:Providers:1:Passwrd"] = "typo",
        });

        var failure = Assert.Catch(() => delivery.CreateClient());

        Assert.That(failure!.ToString(), Does.Contain("Channels:Sms:Providers:0").And.Contain("AccountSid")
            .And.Contain("AuthToken")
            .And.Contain("Channels:Email:Providers:0:Type 'WhatsAppCloud' is not a provider of the Email channel")
            .And.Contain("Channels:Whatsapp:Providers:0:Type 'Carrier pigeon'")
            .And.Contain("Channels:Email:Providers:1").And.Contain("Passwrd"));
    }
}
