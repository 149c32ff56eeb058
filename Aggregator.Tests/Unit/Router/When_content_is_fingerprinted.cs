using Aggregator.Contracts;
using Aggregator.Router.Deduplication;
using Aggregator.ServiceDefaults.Messaging;

namespace Aggregator.Tests.Unit.Router;

public class When_content_is_fingerprinted
{
    [Test]
    public void Should_give_the_same_fingerprint_for_the_same_content() => Assert.That(
        ContentFingerprint.Of(DeduplicationScope.Content, "billing", MessageChannel.Email, "jane@example.com", "Hi", "Hello"),
        Is.EqualTo(ContentFingerprint.Of(DeduplicationScope.Content, "billing", MessageChannel.Email, "jane@example.com", "Hi", "Hello"))
            .And.Match("^[0-9a-f]{64}$"));

    [Test]
    public void Should_ignore_the_case_of_an_email_recipient() => Assert.That(
        ContentFingerprint.Of(DeduplicationScope.Content, "billing", MessageChannel.Email, MessageChannels.NormaliseRecipient(MessageChannel.Email, "Jane@Example.com"), null, "Hello"),
        Is.EqualTo(ContentFingerprint.Of(DeduplicationScope.Content, "billing", MessageChannel.Email, "jane@example.com", null, "Hello")));

    [Test]
    public void Should_tell_apart_the_same_body_for_another_recipient_or_channel()
    {
        var original = ContentFingerprint.Of(DeduplicationScope.Content, "billing", MessageChannel.Sms, "+14155552671", null, "Hello");
        Assert.Multiple(() =>
        {
            Assert.That(ContentFingerprint.Of(DeduplicationScope.Content, "billing", MessageChannel.Sms, "+14155552672", null, "Hello"), Is.Not.EqualTo(original));
            Assert.That(ContentFingerprint.Of(DeduplicationScope.Content, "billing", MessageChannel.Whatsapp, "+14155552671", null, "Hello"), Is.Not.EqualTo(original));
        });
    }

    [Test]
    public void Should_not_confuse_where_one_field_ends_and_the_next_begins() => Assert.That(
        ContentFingerprint.Of(DeduplicationScope.Content, "billing", MessageChannel.Email, "a@example.com", "ab", "c"),
        Is.Not.EqualTo(ContentFingerprint.Of(DeduplicationScope.Content, "billing", MessageChannel.Email, "a@example.com", "a", "bc")));

    [Test]
    public void Should_look_at_the_body_alone_in_body_only_scope() => Assert.That(
        ContentFingerprint.Of(DeduplicationScope.BodyOnly, "billing", MessageChannel.Email, "a@example.com", "one", "Hello"),
        Is.EqualTo(ContentFingerprint.Of(DeduplicationScope.BodyOnly, "billing", MessageChannel.Sms, "+14155552671", "two", "Hello")));

    [TestCase(DeduplicationScope.Content)]
    [TestCase(DeduplicationScope.BodyOnly)]
    public void Should_keep_one_clients_content_apart_from_anothers(DeduplicationScope scope) => Assert.That(
        ContentFingerprint.Of(scope, "billing", MessageChannel.Sms, "+14155552671", null, "Hello"),
        Is.Not.EqualTo(ContentFingerprint.Of(scope, "shop", MessageChannel.Sms, "+14155552671", null, "Hello")));
}
