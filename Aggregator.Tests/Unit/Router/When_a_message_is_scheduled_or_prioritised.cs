using System.Text;
using Aggregator.Contracts;
using Aggregator.Router.Messages;
using Microsoft.Extensions.Options;

namespace Aggregator.Tests.Unit.Router;

/// <summary>The optional <c>sendAt</c>, <c>expiresAt</c> and <c>priority</c>: how they are read, checked against a fixed clock, and carried on.</summary>
public class When_a_message_is_scheduled_or_prioritised
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SubmitMessageRequestValidator Validator = new(new FixedClock(Now), Options.Create(new RouterOptions()));

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static SubmitMessageReading Read(string fields) =>
        SubmitMessageJson.Parse(Encoding.UTF8.GetBytes($$"""{"channel":"sms","recipient":"+14155552671","body":"Your code is 1234",{{fields}}}"""));

    private static IDictionary<string, string[]> Errors(string fields) =>
        Read(fields) is { Request: { } request } ? Validator.Validate(request).ToDictionary() : Read(fields).Errors!;

    [TestCase("2030-01-02T09:00:00Z", "2030-01-02T09:00:00Z")]
    [TestCase("2030-01-02t09:00:00z", "2030-01-02T09:00:00Z")]
    [TestCase("2030-01-02T10:30:00+01:30", "2030-01-02T09:00:00Z")]
    [TestCase("2030-01-02T09:00:00-00:00", "2030-01-02T09:00:00Z")]
    [TestCase("2030-01-02T09:00:00.5Z", "2030-01-02T09:00:00.5Z")]
    [TestCase("2030-01-02T09:00:00.123456789Z", "2030-01-02T09:00:00.1234567Z")]
    public void Should_read_an_rfc_3339_time_and_carry_it_in_utc(string sendAt, string utc)
    {
        var request = Read($"\"sendAt\":\"{sendAt}\"").Request!;
        var message = SubmittedMessage.From(request, "anonymous", Guid.NewGuid(), "0af7651916cd43dd8448eb211c80319c", Now);
        Assert.Multiple(() =>
        {
            Assert.That(Validator.Validate(request).IsValid, Is.True);
            Assert.That(message.SendAt, Is.EqualTo(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(message.SendAt!.Value.Offset, Is.EqualTo(TimeSpan.Zero));
        });
    }

    [TestCase("\"2030-01-02\"")]
    [TestCase("\"2030-01-02T09:00:00\"")]
    [TestCase("\"2030-01-02 09:00:00Z\"")]
    [TestCase("\"2030-01-02T09:00Z\"")]
    [TestCase("\"2030-01-02T09:00:00+0100\"")]
    [TestCase("\"2030-01-02T09:00:00+01\"")]
    [TestCase("\"2030-01-02T09:00:00.Z\"")]
    [TestCase("\"2030-13-01T09:00:00Z\"")]
    [TestCase("\"2030-02-30T09:00:00Z\"")]
    [TestCase("\"2030-01-02T24:00:00Z\"")]
    [TestCase("\"0000-01-01T00:00:00Z\"")]
    [TestCase("\"9999-12-31T23:59:59-01:00\"")]
    [TestCase("\"+02030-01-02T09:00:00Z\"")]
    [TestCase("\"Wed, 02 Jan 2030 09:00:00 GMT\"")]
    [TestCase("\"2030-01-02T09:00:00Z\\u0000\"")]
    [TestCase("\"\\ud800\"")]
    [TestCase("\"\"")]
    [TestCase("1893574800")]
    [TestCase("true")]
    [TestCase("{\"at\":\"2030-01-02T09:00:00Z\"}")]
    [TestCase("[\"2030-01-02T09:00:00Z\"]")]
    public void Should_refuse_anything_else_naming_the_field(string value)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Read($"\"sendAt\":{value}").Errors, Does.ContainKey("sendAt"));
            Assert.That(Read($"\"expiresAt\":{value}").Errors, Does.ContainKey("expiresAt"));
        });
    }

    [Test]
    public void Should_refuse_a_huge_time_naming_the_field() =>
        Assert.That(Read($"\"sendAt\":\"2030-01-02T09:00:00{new string('0', 200_000)}Z\"").Errors, Does.ContainKey("sendAt"));

    [Test]
    public void Should_take_a_send_time_up_to_30_days_ahead_and_no_further()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Errors($"\"sendAt\":\"{Now.AddDays(30):O}\""), Is.Empty);
            Assert.That(Errors($"\"sendAt\":\"{Now.AddDays(30).AddSeconds(1):O}\"")["SendAt"], Has.Some.Contains("30 days"));
        });
    }

    [Test]
    public void Should_take_a_past_send_time_as_at_once() =>
        Assert.That(Errors($"\"sendAt\":\"{Now.AddYears(-5):O}\""), Is.Empty);

    [Test]
    public void Should_refuse_an_expiry_that_has_passed()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Errors($"\"expiresAt\":\"{Now.AddSeconds(-1):O}\"")["ExpiresAt"], Has.Some.Contains("future"));
            Assert.That(Errors($"\"expiresAt\":\"{Now:O}\"")["ExpiresAt"], Has.Some.Contains("future"));
            Assert.That(Errors($"\"expiresAt\":\"{Now.AddSeconds(1):O}\""), Is.Empty);
        });
    }

    [Test]
    public void Should_refuse_an_expiry_before_the_send_time()
    {
        var sendAt = Now.AddHours(2);
        Assert.Multiple(() =>
        {
            Assert.That(Errors($"\"sendAt\":\"{sendAt:O}\",\"expiresAt\":\"{sendAt.AddSeconds(-1):O}\"")["ExpiresAt"], Has.Some.Contains("before sendAt"));
            // The same instant written in another offset is not before it.
            Assert.That(Errors($"\"sendAt\":\"{sendAt:O}\",\"expiresAt\":\"{sendAt.ToOffset(TimeSpan.FromHours(-5)):O}\""), Is.Empty);
        });
    }

    [TestCase("\"high\"", MessagePriority.High)]
    [TestCase("\"HIGH\"", MessagePriority.High)]
    [TestCase("\"Normal\"", MessagePriority.Normal)]
    [TestCase("null", MessagePriority.Normal)]
    public void Should_read_a_priority_in_any_case(string value, MessagePriority priority)
    {
        var request = Read($"\"priority\":{value}").Request!;
        Assert.Multiple(() =>
        {
            Assert.That(Validator.Validate(request).IsValid, Is.True);
            Assert.That(SubmittedMessage.From(request, "anonymous", Guid.NewGuid(), "0af7651916cd43dd8448eb211c80319c", Now).Priority, Is.EqualTo(priority));
        });
    }

    [TestCase("\"urgent\"")]
    [TestCase("\"\"")]
    [TestCase("\"high\\u0000\"")]
    [TestCase("\"\\udc00\"")]
    [TestCase("1")]
    [TestCase("[\"high\"]")]
    public void Should_refuse_any_other_priority(string value) =>
        Assert.That(Errors($"\"priority\":{value}").Keys, Is.EquivalentTo(new[] { value.StartsWith('"') && !value.Contains("udc00") ? "Priority" : "priority" }));

    [Test]
    public void Should_bind_an_idempotency_key_to_the_schedule_and_priority_but_not_their_spelling()
    {
        string Of(string fields) => PayloadFingerprint.Of(Read(fields).Request!);
        var plain = Of("\"subject\":null");
        Assert.Multiple(() =>
        {
            Assert.That(Of("\"sendAt\":\"2030-01-02T09:00:00Z\""), Is.Not.EqualTo(Of("\"sendAt\":\"2030-01-02T09:00:01Z\"")));
            Assert.That(Of("\"sendAt\":\"2030-01-02T09:00:00Z\""), Is.EqualTo(Of("\"sendAt\":\"2030-01-02T10:00:00+01:00\"")));
            Assert.That(Of("\"expiresAt\":\"2030-01-02T09:00:00Z\""), Is.Not.EqualTo(plain));
            Assert.That(Of("\"priority\":\"high\""), Is.Not.EqualTo(plain));
            Assert.That(Of("\"priority\":\"NORMAL\""), Is.EqualTo(plain));
        });
    }

    [Test]
    public void Should_leave_the_schedule_and_priority_out_of_the_payload_fingerprint_of_a_request_without_them()
    {
        // Keys stored before these fields existed must still match their repeats: the hash of a request without
        // them is the one the Router always computed.
        var request = new SubmitMessageRequest("sms", "+14155552671", null, "Your code is 1234", null);
        var before = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(
            """{"channel":"sms","Recipient":"\u002B14155552671","Subject":null,"Body":"Your code is 1234","metadata":null}""")));
        Assert.That(PayloadFingerprint.Of(request), Is.EqualTo(before));
    }
}
