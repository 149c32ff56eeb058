using System.Security.Cryptography;
using System.Text;
using Aggregator.Delivery.Webhooks;
using StandardWebhooks;

namespace Aggregator.Tests.Unit.Delivery.Webhooks;

public class When_a_webhook_is_signed
{
    /// <summary>
    /// The Standard Webhooks specification's published vector (standard-webhooks/standard-webhooks,
    /// libraries/csharp/StandardWebhooks.Tests/WebhookTest.cs, <c>verifyWebhookSignWorks</c>).
    /// </summary>
    [Test]
    public void Should_reproduce_the_standard_webhooks_test_vector()
    {
        var signature = new StandardWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            .Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", DateTimeOffset.FromUnixTimeSeconds(1614265330), """{"test": 2432232314}""");

        Assert.That(signature, Is.EqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }

    [Test]
    public void Should_sign_the_id_the_timestamp_and_the_body_as_an_independent_hmac_does()
    {
        var secret = WebhookSecret.New();
        var eventId = Guid.NewGuid();
        var triedAt = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var body = """{"type":"message.delivered","data":{"channel":"sms","state":"Délivré ✓"}}""";

        var signed = WebhookSignature.Sign(secret, eventId, triedAt, body);
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"msg_{eventId:N}.1800000000.{body}")));

        Assert.Multiple(() =>
        {
            Assert.That(signed.Id, Is.EqualTo($"msg_{eventId:N}"));
            Assert.That(signed.Timestamp, Is.EqualTo("1800000000"));
            Assert.That(signed.Signature, Is.EqualTo(expected));
        });
    }

    [Test]
    public void Should_make_secrets_of_32_random_bytes_in_whsec_form()
    {
        var secrets = Enumerable.Range(0, 20).Select(_ => WebhookSecret.New()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(secrets, Is.All.StartsWith("whsec_"));
            Assert.That(secrets.Select(s => Convert.FromBase64String(s["whsec_".Length..]).Length), Is.All.EqualTo(32));
            Assert.That(secrets, Is.Unique);
        });
    }
}
