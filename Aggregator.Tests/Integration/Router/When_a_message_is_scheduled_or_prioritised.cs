using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.Router.Idempotency;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Router;

[Category("Integration")]
public class When_a_message_is_scheduled_or_prioritised
{
    /// <summary>Where the Router publishes a normal message: the exchange of its message type.</summary>
    private const string SubmittedExchange = "Aggregator.Contracts:MessageSubmitted";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private Running<RouterHost> router = null!;

    private HttpClient Client => router.Client;

    [OneTimeSetUp]
    public void StartRouter() => router = Running.Router();

    [OneTimeTearDown]
    public void StopRouter() => router.Dispose();

    private static Dictionary<string, object?> Sms(params (string Name, object? Value)[] fields)
    {
        var message = new Dictionary<string, object?> { ["channel"] = "sms", ["recipient"] = "+14155552671", ["body"] = $"Your code is {Guid.NewGuid():N}" };
        foreach (var (name, value) in fields)
        {
            message[name] = value;
        }
        return message;
    }

    private Task<HttpResponseMessage> PostAsync(object message, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages") { Content = JsonContent.Create(message) };
        if (key is not null)
        {
            request.Headers.Add(IdempotencyKey.Header, key);
        }
        return Client.SendAsync(request);
    }

    private static string Rfc3339(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<Guid> IdOf(HttpResponseMessage response) => (await response.JsonAsync()).GetProperty("messageId").GetGuid();

    /// <summary>The <see cref="MessageSubmitted"/> of <paramref name="id"/> among the envelopes of a queue, or null.</summary>
    private static JsonElement? Find(IEnumerable<string> envelopes, Guid id) =>
        envelopes.Select(e => JsonDocument.Parse(e).RootElement.GetProperty("message"))
            .Cast<JsonElement?>()
            .FirstOrDefault(m => m!.Value.GetProperty("messageId").GetGuid() == id);

    private static IEnumerable<TestCaseData> BrokenFields()
    {
        var now = DateTimeOffset.UtcNow;
        yield return new TestCaseData(Sms(("sendAt", "2030-01-02")), "sendAt").SetArgDisplayNames("a date alone");
        yield return new TestCaseData(Sms(("sendAt", "2030-01-02T09:00:00")), "sendAt").SetArgDisplayNames("no offset");
        yield return new TestCaseData(Sms(("sendAt", 1893574800)), "sendAt").SetArgDisplayNames("a number");
        yield return new TestCaseData(Sms(("sendAt", "99999-01-01T00:00:00Z")), "sendAt").SetArgDisplayNames("year 99999");
        yield return new TestCaseData(Sms(("sendAt", "0001-01-01T00:00:00+14:00")), "sendAt").SetArgDisplayNames("before year 1 in UTC");
        yield return new TestCaseData(Sms(("sendAt", "2030-01-02T09:00:00Z\0")), "sendAt").SetArgDisplayNames("NUL");
        yield return new TestCaseData(Sms(("sendAt", new string('2', 200_000))), "sendAt").SetArgDisplayNames("200,000 characters");
        yield return new TestCaseData(Sms(("sendAt", Rfc3339(now.AddDays(31)))), "sendAt").SetArgDisplayNames("31 days ahead");
        yield return new TestCaseData(Sms(("expiresAt", Rfc3339(now.AddMinutes(-1)))), "expiresAt").SetArgDisplayNames("expired");
        yield return new TestCaseData(Sms(("sendAt", Rfc3339(now.AddHours(2))), ("expiresAt", Rfc3339(now.AddHours(1)))), "expiresAt")
            .SetArgDisplayNames("expiring before it is sent");
        yield return new TestCaseData(Sms(("expiresAt", new { at = "tomorrow" })), "expiresAt").SetArgDisplayNames("an object");
        yield return new TestCaseData(Sms(("priority", "urgent")), "priority").SetArgDisplayNames("an unknown priority");
        yield return new TestCaseData(Sms(("priority", true)), "priority").SetArgDisplayNames("a boolean priority");
        yield return new TestCaseData(Sms(("priority", "high\0")), "priority").SetArgDisplayNames("a priority with NUL");
    }

    [TestCaseSource(nameof(BrokenFields))]
    public async Task Should_answer_400_naming_the_field(Dictionary<string, object?> message, string field)
    {
        var response = await PostAsync(message);
        var problem = await response.JsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), problem.ToString());
            Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { field }));
        });
    }

    [Test]
    public async Task Should_answer_400_for_an_unpaired_surrogate_in_a_time()
    {
        var body = """{"channel":"sms","recipient":"+14155552671","body":"Your code is 1","sendAt":"2030-01-02T09:00:00\ud800Z"}""";
        var response = await Client.PostAsync("/api/v1/messages", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await response.JsonAsync()).GetProperty("errors").TryGetProperty("sendAt", out _), Is.True);
        });
    }

    [Test]
    public async Task Should_send_a_high_message_to_the_high_lane_and_publish_a_normal_one()
    {
        await using var published = await ExchangeProbe.BindAsync(SubmittedExchange);
        var sendAt = DateTimeOffset.UtcNow.AddDays(1);
        var expiresAt = sendAt.AddHours(1);

        var high = await PostAsync(Sms(("priority", "HIGH"), ("sendAt", Rfc3339(sendAt.ToOffset(TimeSpan.FromHours(2)))), ("expiresAt", Rfc3339(expiresAt))));
        var normal = await PostAsync(Sms(("priority", "normal")));
        var highId = await IdOf(high);
        var normalId = await IdOf(normal);

        var inHighLane = await Eventually.Get(async () => Find(await RabbitMqQueues.PeekAsync(MessageLanes.SagaHigh, 1000), highId) is { } m ? (true, m) : (false, default),
            Deadline, "the high message in the high lane");
        // The normal message was published after the high one: once it is in the probe, the high one would be too.
        await Eventually.True(async () => Find(await published.PeekAsync(), normalId) is not null, Deadline, "the normal message published");
        var publishedIds = (await published.PeekAsync()).Select(e => JsonDocument.Parse(e).RootElement.GetProperty("message").GetProperty("messageId").GetGuid()).ToList();
        var highLane = await RabbitMqQueues.PeekAsync(MessageLanes.SagaHigh, 1000);

        Assert.Multiple(() =>
        {
            Assert.That(high.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(normal.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(publishedIds, Does.Not.Contain(highId));
            Assert.That(Find(highLane, normalId), Is.Null, "the normal message in the high lane");
            Assert.That(inHighLane.GetProperty("sendAt").GetDateTimeOffset(), Is.EqualTo(sendAt).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(inHighLane.GetProperty("sendAt").GetString(), Does.EndWith("+00:00").Or.EndWith("Z"));
            Assert.That(inHighLane.GetProperty("expiresAt").GetDateTimeOffset(), Is.EqualTo(expiresAt).Within(TimeSpan.FromMilliseconds(1)));
        });
    }

    [Test]
    public async Task Should_answer_422_for_an_idempotency_key_reused_with_another_send_time()
    {
        var key = Guid.NewGuid().ToString();
        var sendAt = DateTimeOffset.UtcNow.AddHours(3);
        var message = Sms(("sendAt", Rfc3339(sendAt)));

        var first = await PostAsync(message, key);
        var sameInstantElsewhere = await PostAsync(new Dictionary<string, object?>(message) { ["sendAt"] = Rfc3339(sendAt.ToOffset(TimeSpan.FromHours(-7))) }, key);
        var later = await PostAsync(new Dictionary<string, object?>(message) { ["sendAt"] = Rfc3339(sendAt.AddMinutes(1)) }, key);
        var high = await PostAsync(new Dictionary<string, object?>(message) { ["priority"] = "high" }, key);

        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(sameInstantElsewhere.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(await IdOf(sameInstantElsewhere), Is.EqualTo(await IdOf(first)));
            Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(high.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        });
    }

    [Test]
    public async Task Should_take_the_same_content_at_another_time_or_priority_as_a_duplicate()
    {
        var message = Sms();
        var first = await PostAsync(message);
        var later = await PostAsync(new Dictionary<string, object?>(message) { ["sendAt"] = Rfc3339(DateTimeOffset.UtcNow.AddHours(1)), ["priority"] = "high" });

        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await IdOf(later), Is.EqualTo(await IdOf(first)));
        });
    }
}
