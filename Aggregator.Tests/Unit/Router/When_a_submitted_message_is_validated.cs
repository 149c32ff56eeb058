using System.Text.Json;
using Aggregator.Router.Messages;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Unit.Router;

public class When_a_submitted_message_is_validated
{
    private static readonly SubmitMessageRequestValidator Validator = new();

    private static SubmitMessageRequest Valid(string channel = "email", string recipient = "jane@example.com") =>
        new(channel, recipient, "Hi", "Hello Jane", null);

    private static IDictionary<string, string[]> Errors(SubmitMessageRequest request) => Validator.Validate(request).ToDictionary();

    [TestCase("email", "jane@example.com")]
    [TestCase("EMAIL", "jane.doe+tag@mail.example.co.uk")]
    [TestCase("sms", "+14155552671")]
    [TestCase("Whatsapp", "+447911123456")]
    public void Should_accept_a_recipient_that_fits_the_channel(string channel, string recipient) =>
        Assert.That(Errors(Valid(channel, recipient)), Is.Empty);

    [TestCase("email", "jane")]
    [TestCase("email", "Jane <jane@example.com>")]
    [TestCase("email", "jane@localhost")]
    [TestCase("sms", "14155552671")]
    [TestCase("sms", "+1234567")]
    [TestCase("sms", "+1234567890123456")]
    [TestCase("sms", "+04155552671")]
    [TestCase("whatsapp", "jane@example.com")]
    [TestCase("sms", "+14155552671\n")]
    public void Should_reject_a_recipient_that_does_not_fit_the_channel(string channel, string recipient) =>
        Assert.That(Errors(Valid(channel, recipient)).Keys, Is.EquivalentTo(new[] { "Recipient" }));

    [TestCase("email", null)]
    [TestCase("sms", "")]
    public void Should_require_a_recipient(string channel, string? recipient) =>
        Assert.That(Errors(Valid(channel) with { Recipient = recipient }), Does.ContainKey("Recipient"));

    [TestCase(254, true)]
    [TestCase(255, false)]
    [TestCase(371, false)]
    public void Should_limit_an_email_recipient_to_254_characters(int length, bool valid) =>
        Assert.That(Errors(Valid("email", SampleMessages.EmailAddressOfLength(length))).ContainsKey("Recipient"), Is.EqualTo(!valid));

    private static IEnumerable<TestCaseData> UnstorableTexts()
    {
        foreach (var (name, bad) in new[] { ("NUL", "\0"), ("lone high surrogate", "\ud800"), ("lone low surrogate", "\udc00"), ("reversed pair", "\udc00\ud800") })
        {
            yield return new TestCaseData(Valid() with { Channel = "em" + bad + "ail" }, "Channel").SetArgDisplayNames(name, "channel");
            yield return new TestCaseData(Valid() with { Recipient = "jane" + bad + "@example.com" }, "Recipient").SetArgDisplayNames(name, "recipient");
            yield return new TestCaseData(Valid() with { Subject = "H" + bad + "i" }, "Subject").SetArgDisplayNames(name, "subject");
            yield return new TestCaseData(Valid() with { Body = "Hello" + bad }, "Body").SetArgDisplayNames(name, "body");
        }
    }

    [TestCaseSource(nameof(UnstorableTexts))]
    public void Should_refuse_text_no_store_can_hold(SubmitMessageRequest request, string field) =>
        Assert.That(Errors(request)[field], Has.Some.Contains("NUL character or an unpaired UTF-16 surrogate"));

    [Test]
    public void Should_accept_a_surrogate_pair() =>
        Assert.That(Errors(Valid() with { Subject = "Hi \ud83d\ude00", Body = "\ud83d\ude00" }), Is.Empty);

    [TestCase("""{"orderId":"A\u0000-1"}""")]
    [TestCase("""{"order\u0000Id":"A-1"}""")]
    [TestCase("""{"orderId":"A\ud800-1"}""")]
    [TestCase("""{"order\udc00Id":"A-1"}""")]
    [TestCase("""{"nested":{"deeper":["ok","\udc00x"]}}""")]
    public void Should_refuse_metadata_no_store_can_hold(string json) =>
        Assert.That(Errors(Valid() with { Metadata = JsonDocument.Parse(json).RootElement })["Metadata"],
            Has.Some.Contains("NUL character or an unpaired UTF-16 surrogate"));

    [TestCase("fax")]
    [TestCase("")]
    [TestCase(null)]
    [TestCase("1")]
    public void Should_reject_an_unknown_channel(string? channel) =>
        Assert.That(Errors(Valid() with { Channel = channel }), Does.ContainKey("Channel"));

    [TestCase("sms", 1_600, true)]
    [TestCase("sms", 1_601, false)]
    [TestCase("whatsapp", 4_096, true)]
    [TestCase("whatsapp", 4_097, false)]
    [TestCase("email", 100_000, true)]
    [TestCase("email", 100_001, false)]
    public void Should_limit_the_body_by_channel(string channel, int length, bool valid)
    {
        var recipient = channel == "email" ? "jane@example.com" : "+14155552671";
        var errors = Errors(Valid(channel, recipient) with { Body = new string('x', length) });
        Assert.That(errors.ContainsKey("Body"), Is.EqualTo(!valid));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase(null)]
    public void Should_reject_a_blank_body(string? body) =>
        Assert.That(Errors(Valid() with { Body = body }), Does.ContainKey("Body"));

    [TestCase("Hi\r\nBcc: x@example.com")]
    [TestCase("line\nbreak")]
    public void Should_reject_a_subject_with_a_line_break(string subject) =>
        Assert.That(Errors(Valid() with { Subject = subject })["Subject"], Has.Some.Contains("CR or LF"));

    [Test]
    public void Should_reject_a_subject_over_998_characters() =>
        Assert.That(Errors(Valid() with { Subject = new string('s', 999) }), Does.ContainKey("Subject"));

    [TestCase("[1,2]")]
    [TestCase("\"text\"")]
    [TestCase("42")]
    public void Should_reject_metadata_that_is_not_an_object(string json) =>
        Assert.That(Errors(Valid() with { Metadata = JsonDocument.Parse(json).RootElement })["Metadata"], Has.Some.Contains("JSON object"));

    [Test]
    public void Should_reject_metadata_with_more_than_32_keys()
    {
        var json = "{" + string.Join(",", Enumerable.Range(0, 33).Select(i => $"\"k{i}\":1")) + "}";
        Assert.That(Errors(Valid() with { Metadata = JsonDocument.Parse(json).RootElement })["Metadata"], Has.Some.Contains("32 keys"));
    }

    [Test]
    public void Should_reject_metadata_over_8_KiB()
    {
        var json = $"{{\"big\":\"{new string('m', 8 * 1024)}\"}}";
        Assert.That(Errors(Valid() with { Metadata = JsonDocument.Parse(json).RootElement })["Metadata"], Has.Some.Contains("8 KiB"));
    }

    [TestCase("""{"orderId":"A-1","ORDERID":"A-2"}""")]
    [TestCase("""{"é":1,"É":2}""")]
    [TestCase("""{"σ":1,"ς":2}""")]
    public void Should_reject_metadata_keys_that_differ_only_in_case(string json) =>
        Assert.That(Errors(Valid() with { Metadata = JsonDocument.Parse(json).RootElement })["Metadata"], Has.Some.Contains("differ only in case"));

    [Test]
    public void Should_accept_metadata_that_is_a_small_object() =>
        Assert.That(Errors(Valid() with { Metadata = JsonDocument.Parse("""{"orderId":"A-1","simulate":"fail-times:2"}""").RootElement }), Is.Empty);
}
