using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aggregator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Tests.Integration.Delivery.Providers;

/// <summary>
/// Twilio's status callbacks and Meta's webhooks at the real Delivery service (with the Router in front, over the
/// run's broker), its providers stubbed with WireMock. Signatures are computed here as the contract spells them out.
/// </summary>
[Category("Integration")]
public class When_providers_send_receipts
{
    private const string PublicUrl = "https://delivery.example.com";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TwilioStub twilio = new();
    private readonly WhatsAppCloudStub meta = new();
    private DeliveryHost delivery = null!;
    private RouterHost router = null!;
    private HttpClient deliveryClient = null!;
    private HttpClient routerClient = null!;

    [OneTimeSetUp]
    public void StartServices()
    {
        delivery = new DeliveryHost(Settings.Of(twilio.Settings("Sms", 0, "twilio"), meta.Settings(0, "meta"),
            new Dictionary<string, string?> { ["Delivery:PublicUrl"] = PublicUrl }));
        router = new RouterHost();
        deliveryClient = delivery.CreateClient();
        routerClient = router.CreateClient();
    }

    [OneTimeTearDown]
    public void StopServices()
    {
        routerClient.Dispose();
        deliveryClient.Dispose();
        router.Dispose();
        delivery.Dispose();
        twilio.Dispose();
        meta.Dispose();
    }

    [Test]
    public async Task Should_set_the_provider_status_from_a_signed_twilio_receipt_and_never_move_it_back()
    {
        var (messageId, sid) = await DeliveredSmsAsync();

        var delivered = await PostTwilioAsync(sid, "delivered");
        var late = await PostTwilioAsync(sid, "sent");
        var message = await MessageAsync(messageId);
        var metrics = await deliveryClient.GetStringAsync("/metrics");

        Assert.Multiple(async () =>
        {
            Assert.That(delivered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await delivered.Content.ReadAsStringAsync(), Is.Empty);
            Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(message.GetProperty("providerStatus").GetString(), Is.EqualTo("delivered"));
            Assert.That(message.GetProperty("attemptHistory")[0].GetProperty("providerStatus").GetString(), Is.EqualTo("delivered"));
            Assert.That(metrics, Does.Contain("aggregator_receipts_total{").And.Contain("outcome=\"applied\""));
        });
    }

    [Test]
    public async Task Should_ignore_a_status_before_sending()
    {
        var (messageId, sid) = await DeliveredSmsAsync();

        var queued = await PostTwilioAsync(sid, "queued");

        Assert.Multiple(async () =>
        {
            Assert.That(queued.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await MessageAsync(messageId)).GetProperty("providerStatus").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task Should_refuse_a_twilio_receipt_with_a_bad_signature_and_change_nothing()
    {
        var (messageId, sid) = await DeliveredSmsAsync();
        await PostTwilioAsync(sid, "sent");

        var forged = await PostTwilioAsync(sid, "failed", authToken: "not-the-token");
        var otherAccount = await PostTwilioAsync(sid, "failed", accountSid: $"AC{Guid.NewGuid():N}");

        Assert.Multiple(async () =>
        {
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(otherAccount.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await MessageAsync(messageId)).GetProperty("providerStatus").GetString(), Is.EqualTo("sent"));
        });
    }

    [Test]
    public async Task Should_apply_a_receipt_that_arrived_before_its_attempt_was_recorded()
    {
        var token = Guid.NewGuid().ToString("N");

        var early = await PostTwilioAsync($"SM{token}", "delivered");
        var (messageId, _) = await DeliveredSmsAsync(token);
        // The consumer applies kept receipts right after it records the attempt (and Delivered with it).
        var stored = await Eventually.Get(async () =>
        {
            var row = await DeliveryDatabase.ReadAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.CorrelationId == messageId));
            return (row.ProviderStatus is not null, row.ProviderStatus);
        }, TimeSpan.FromSeconds(10), "the early receipt on the saga row");

        Assert.Multiple(async () =>
        {
            Assert.That(early.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(stored, Is.EqualTo("delivered"), "the saga row itself, not only the view");
            Assert.That((await MessageAsync(messageId)).GetProperty("providerStatus").GetString(), Is.EqualTo("delivered"));
        });
    }

    [Test]
    public async Task Should_set_the_provider_status_from_a_signed_whatsapp_notification_and_refuse_a_bad_signature()
    {
        var token = Guid.NewGuid().ToString("N");
        var wamid = $"wamid.{token}";
        meta.Accepts(wamid, bodyContaining: token);
        var messageId = await DeliveredAsync(new { channel = "whatsapp", recipient = "+14155552671", body = $"Table {token}" });

        var read = await PostMetaAsync(wamid, "read", meta.AppSecret);
        var forged = await PostMetaAsync(wamid, "failed", "not-the-secret");
        var message = await MessageAsync(messageId);

        Assert.Multiple(async () =>
        {
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await read.Content.ReadAsStringAsync(), Is.Empty);
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(message.GetProperty("providerStatus").GetString(), Is.EqualTo("read"));
            Assert.That(message.GetProperty("attemptHistory")[0].GetProperty("provider").GetString(), Is.EqualTo("meta"));
            Assert.That(message.GetProperty("attemptHistory")[0].GetProperty("providerMessageId").GetString(), Is.EqualTo(wamid));
        });
    }

    [Test]
    public async Task Should_answer_metas_verification_handshake_only_for_our_verify_token()
    {
        var ours = await deliveryClient.GetAsync($"/api/v1/receipts/whatsapp?hub.mode=subscribe&hub.verify_token={meta.VerifyToken}&hub.challenge=1158201444");
        var theirs = await deliveryClient.GetAsync("/api/v1/receipts/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");

        Assert.Multiple(async () =>
        {
            Assert.That(ours.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await ours.Content.ReadAsStringAsync(), Is.EqualTo("1158201444"));
            Assert.That(theirs.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    /// <summary>An SMS whose Twilio sid is <c>SM</c> + <paramref name="token"/>, submitted and delivered.</summary>
    private async Task<(Guid MessageId, string Sid)> DeliveredSmsAsync(string? token = null)
    {
        token ??= Guid.NewGuid().ToString("N");
        var sid = $"SM{token}";
        twilio.Accepts(sid, bodyContaining: token);
        return (await DeliveredAsync(SampleMessages.Sms($"Your code {token}")), sid);
    }

    private async Task<Guid> DeliveredAsync(object message)
    {
        var messageId = await routerClient.SubmitAsync(message);
        await deliveryClient.WaitForStateAsync(messageId, "Delivered", Patience);
        return messageId;
    }

    private async Task<JsonElement> MessageAsync(Guid messageId) =>
        await (await deliveryClient.GetAsync($"/api/v1/messages/{messageId}")).JsonAsync();

    /// <summary>Twilio's callback as Twilio signs it: HMAC-SHA1 over the callback URL and the sorted name-value pairs.</summary>
    private async Task<HttpResponseMessage> PostTwilioAsync(string sid, string status, string? authToken = null, string? accountSid = null)
    {
        var form = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["AccountSid"] = accountSid ?? twilio.AccountSid,
            ["ApiVersion"] = "2010-04-01",
            ["ErrorCode"] = "",
            ["From"] = "+15005550006",
            ["MessageSid"] = sid,
            ["MessageStatus"] = status,
            ["SmsSid"] = sid,
            ["To"] = "+14155552671",
        };
        var signed = $"{PublicUrl}/api/v1/receipts/twilio" + string.Concat(form.Select(f => f.Key + f.Value));
        var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken ?? twilio.AuthToken), Encoding.UTF8.GetBytes(signed)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/receipts/twilio") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature);
        return await deliveryClient.SendAsync(request);
    }

    /// <summary>Meta's status notification as Meta signs it: sha256= and the hex HMAC-SHA256 of the raw body with the app secret.</summary>
    private async Task<HttpResponseMessage> PostMetaAsync(string wamid, string status, string appSecret)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            @object = "whatsapp_business_account",
            entry = new[]
            {
                new
                {
                    id = "102290129340398",
                    changes = new[]
                    {
                        new
                        {
                            field = "messages",
                            value = new
                            {
                                messaging_product = "whatsapp",
                                statuses = new[] { new { id = wamid, status, timestamp = "1700000000", recipient_id = "14155552671" } },
                            },
                        },
                    },
                },
            },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/receipts/whatsapp") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body)));
        return await deliveryClient.SendAsync(request);
    }
}
