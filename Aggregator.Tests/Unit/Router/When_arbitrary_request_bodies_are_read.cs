using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aggregator.Contracts;
using Aggregator.Router.Deduplication;
using Aggregator.Router.Messages;
using Aggregator.Tests.Infrastructure;
using CsCheck;
using MassTransit.Context;
using MassTransit.Serialization;
using Aggregator.ServiceDefaults.Messaging;

namespace Aggregator.Tests.Unit.Router;

/// <summary>
/// Generated bodies thrown at the part of the Router that runs before Redis: the reader, the validator, the
/// fingerprints and the message a request becomes. Nothing may throw, and whatever is accepted must fit every store
/// downstream and come through MassTransit's serializer unchanged.
/// </summary>
public partial class When_arbitrary_request_bodies_are_read
{
    private static readonly SubmitMessageRequestValidator Validator = new();
    private static readonly SystemTextJsonMessageSerializer Serializer = new(SystemTextJsonMessageSerializer.JsonContentType);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly DateTimeOffset SubmittedAt = new(2026, 11, 27, 10, 0, 0, 123, TimeSpan.Zero);

    private static readonly Dictionary<MessageChannel, int> BodyLimit = new()
    {
        [MessageChannel.Email] = 100_000,
        [MessageChannel.Sms] = 1_600,
        [MessageChannel.Whatsapp] = 4_096,
    };

    [Test]
    public void Should_never_throw_and_accept_only_messages_every_store_can_hold()
    {
        var accepted = 0;
        var refused = 0;
        SubmitRequestGenerator.Bodies.Sample(body =>
        {
            if (Read(body) is not { } request || !Validator.Validate(request).IsValid)
            {
                Interlocked.Increment(ref refused);
                return;
            }
            Interlocked.Increment(ref accepted);
            var submitted = SubmittedMessage.From(request, "anonymous", Guid.NewGuid(), "0af7651916cd43dd8448eb211c80319c", SubmittedAt);
            PayloadFingerprint.Of(request);
            ContentFingerprint.Of(DeduplicationScope.Content, "anonymous", submitted.Channel, submitted.Recipient, submitted.Subject, submitted.Body);
            RequireStorable(request, submitted);
            RequireRoundTrip(submitted);
        }, iter: 10_000, print: SubmitRequestGenerator.Describe);

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.GreaterThan(1_000), "too few accepted bodies to say much");
            Assert.That(refused, Is.GreaterThan(1_000), "too few refused bodies to say much");
        });
    }

    [Test]
    public void Should_accept_every_body_the_generator_calls_valid() =>
        SubmitRequestGenerator.ValidBodies.Sample(body =>
        {
            var request = Read(body) ?? throw new Broken("not read");
            var errors = Validator.Validate(request).Errors;
            Require(errors.Count == 0, string.Join("; ", errors));
        }, iter: 2_000, print: SubmitRequestGenerator.Describe);

    private static SubmitMessageRequest? Read(byte[] body) =>
        SubmitMessageReader.ReadAsync(new MemoryStream(body), "application/json", body.Length, CancellationToken.None).GetAwaiter().GetResult().Request;

    private static void RequireStorable(SubmitMessageRequest request, MessageSubmitted submitted)
    {
        Require(MessageChannels.TryParse(request.Channel, out var channel) && channel == submitted.Channel, "channel not one of ours");
        foreach (var recipient in new[] { request.Recipient!, submitted.Recipient })
        {
            Require(channel == MessageChannel.Email ? recipient.Length <= 254 && recipient.Contains('@') : E164().IsMatch(recipient),
                $"recipient {recipient.Length} characters, not storable for {channel}");
        }
        Require(!string.IsNullOrWhiteSpace(request.Body) && request.Body.Length <= BodyLimit[channel], "body blank or over the channel's limit");
        Require(request.Subject is null || (request.Subject.Length <= 998 && request.Subject.IndexOfAny(['\r', '\n']) < 0), "subject too long or with CR/LF");
        foreach (var text in new[] { request.Channel!, request.Recipient!, request.Subject ?? "", request.Body!, submitted.Recipient })
        {
            RequireStorable(text);
        }
        if (request.Metadata is { } metadata)
        {
            Require(metadata.ValueKind == JsonValueKind.Object, "metadata not an object");
            Require(metadata.EnumerateObject().Count() <= 32, "metadata over 32 keys");
            Require(Encoding.UTF8.GetByteCount(metadata.GetRawText()) <= 8 * 1024, "metadata over 8 KiB");
            RequireStorable(metadata);
        }
    }

    private static void RequireStorable(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    RequireStorable(property.Name);
                    RequireStorable(property.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    RequireStorable(item);
                }
                break;
            case JsonValueKind.String:
                RequireStorable(element.GetString()!);
                break;
        }
    }

    /// <summary>Checked without the Router's own code: a strict encoder refuses an unpaired surrogate.</summary>
    private static void RequireStorable(string text)
    {
        Require(!text.Contains('\0'), "a NUL character");
        try
        {
            StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException)
        {
            throw new Broken("an unpaired surrogate");
        }
    }

    private static void RequireRoundTrip(MessageSubmitted submitted)
    {
        var body = Serializer.GetMessageBody(new MessageSendContext<MessageSubmitted>(submitted));
        var context = Serializer.Deserialize(body, new DictionarySendHeaders(), null);
        Require(context.TryGetMessage<MessageSubmitted>(out var copy) && copy is not null, "not deserialized");
        Require(copy!.MessageId == submitted.MessageId && copy.TraceId == submitted.TraceId && copy.Channel == submitted.Channel
            && copy.Recipient == submitted.Recipient && copy.Subject == submitted.Subject && copy.Body == submitted.Body
            && copy.SubmittedAt == submitted.SubmittedAt, "a field changed on the way through the serializer");
        Require(submitted.Metadata is null
            ? copy.Metadata is null
            : copy.Metadata is not null && copy.Metadata.Count == submitted.Metadata.Count
                && submitted.Metadata.All(p => copy.Metadata.TryGetValue(p.Key, out var value) && JsonElement.DeepEquals(p.Value, value)),
            "metadata changed on the way through the serializer");
    }

    private static void Require(bool holds, string what)
    {
        if (!holds)
        {
            throw new Broken(what);
        }
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}\z")]
    private static partial Regex E164();

    /// <summary>Thrown from inside a sample, where CsCheck catches it, shrinks the body and reports both.</summary>
    private sealed class Broken(string what) : Exception($"Accepted, yet {what}.");
}
