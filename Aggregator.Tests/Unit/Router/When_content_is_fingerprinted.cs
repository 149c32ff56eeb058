using Aggregator.Contracts;
using Aggregator.Router.Deduplication;

namespace Aggregator.Tests.Unit.Router;

public class When_content_is_fingerprinted
{
    [Test]
    public void Should_give_the_same_fingerprint_for_the_same_content() => Assert.That(
        ContentFingerprint.Of(DeduplicationScope.Content, MessageChannel.Email, "jane@example.com", "Hi", "Hello"),
        Is.EqualTo(ContentFingerprint.Of(DeduplicationScope.Content, MessageChannel.Email, "jane@example.com", "Hi", "Hello"))
            .And.Match("^[0-9a-f]{64}$"));

    [Test]
    public void Should_ignore_the_case_of_an_email_recipient() => Assert.That(
        ContentFingerprint.Of(DeduplicationScope.Content, MessageChannel.Email, MessageChannels.NormaliseRecipient(MessageChannel.Email, "Jane@Example.com"), null, "Hello"),
        Is.EqualTo(ContentFingerprint.Of(DeduplicationScope.Content, MessageChannel.Email, "jane@example.com", null, "Hello")));

    [Test]
    public void Should_tell_apart_the_same_body_for_another_recipient_or_channel()
    {
        var original = ContentFingerprint.Of(DeduplicationScope.Content, MessageChannel.Sms, "+14155552671", null, "Hello");
        Assert.Multiple(() =>
        {
            Assert.That(ContentFingerprint.Of(DeduplicationScope.Content, MessageChannel.Sms, "+14155552672", null, "Hello"), Is.Not.EqualTo(original));
            Assert.That(ContentFingerprint.Of(DeduplicationScope.Content, MessageChannel.Whatsapp, "+14155552671", null, "Hello"), Is.Not.EqualTo(original));
        });
    }

    [Test]
    public void Should_not_confuse_where_one_field_ends_and_the_next_begins() => Assert.That(
        ContentFingerprint.Of(DeduplicationScope.Content, MessageChannel.Email, "a@example.com", "ab", "c"),
        Is.Not.EqualTo(ContentFingerprint.Of(DeduplicationScope.Content, MessageChannel.Email, "a@example.com", "a", "bc")));

    [Test]
    public void Should_look_at_the_body_alone_in_body_only_scope() => Assert.That(
        ContentFingerprint.Of(DeduplicationScope.BodyOnly, MessageChannel.Email, "a@example.com", "one", "Hello"),
        Is.EqualTo(ContentFingerprint.Of(DeduplicationScope.BodyOnly, MessageChannel.Sms, "+14155552671", "two", "Hello")));
}
