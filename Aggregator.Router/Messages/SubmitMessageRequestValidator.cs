using Aggregator.ServiceDefaults.Text;
using System.Net.Mail;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aggregator.Contracts;
using FluentValidation;
using Aggregator.ServiceDefaults.Messaging;

namespace Aggregator.Router.Messages;

/// <summary>The rules of CONTRACT.md, "Submitting a message".</summary>
public sealed partial class SubmitMessageRequestValidator : AbstractValidator<SubmitMessageRequest>
{
    public const int MaxSubjectLength = 998;
    /// <summary>RFC 5321's limit on a forward path; also what keeps the address within the saga's column.</summary>
    public const int MaxEmailLength = 254;
    public const int MaxMetadataKeys = 32;
    public const int MaxMetadataBytes = 8 * 1024;

    private static readonly Dictionary<MessageChannel, int> MaxBodyLength = new()
    {
        [MessageChannel.Email] = 100_000,
        [MessageChannel.Sms] = 1_600,
        [MessageChannel.Whatsapp] = 4_096,
    };

    /// <summary>With the system clock and the default <see cref="RouterOptions.MaxSendAhead"/>.</summary>
    public SubmitMessageRequestValidator()
        : this(TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new RouterOptions()))
    {
    }

    public SubmitMessageRequestValidator(TimeProvider clock, Microsoft.Extensions.Options.IOptions<RouterOptions> router)
    {
        var maxSendAhead = router.Value.MaxSendAhead;
        RuleFor(r => r.Channel).Must(StorableText.IsStorable).WithMessage(StorableText.Rule("channel"));
        RuleFor(r => r.Recipient).Must(StorableText.IsStorable).WithMessage(StorableText.Rule("recipient"));
        RuleFor(r => r.Subject).Must(StorableText.IsStorable).WithMessage(StorableText.Rule("subject"));
        RuleFor(r => r.Body).Must(StorableText.IsStorable).WithMessage(StorableText.Rule("body"));

        RuleFor(r => r.Channel)
            .Must(c => MessageChannels.TryParse(c, out _))
            .WithMessage($"channel must be one of {MessageChannels.Names}.");

        When(r => MessageChannels.TryParse(r.Channel, out _), () =>
        {
            RuleFor(r => r.Recipient)
                .NotEmpty().WithMessage("recipient is required.")
                .Must((r, recipient) => IsValidRecipient(ParseChannel(r), recipient!))
                .When(r => !string.IsNullOrEmpty(r.Recipient), ApplyConditionTo.CurrentValidator)
                .WithMessage(r => ParseChannel(r) == MessageChannel.Email
                    ? $"recipient must be an e-mail address of at most {MaxEmailLength} characters for the email channel."
                    : "recipient must be an E.164 number (+ and 8 to 15 digits) for the sms and whatsapp channels.");

            RuleFor(r => r.Body)
                .Must((r, body) => body!.Length <= MaxBodyLength[ParseChannel(r)])
                .When(r => !string.IsNullOrWhiteSpace(r.Body))
                .WithMessage(r => $"body must be at most {MaxBodyLength[ParseChannel(r)]:N0} characters for the {r.Channel!.ToLowerInvariant()} channel.");
        });

        RuleFor(r => r.Body)
            .Must(body => !string.IsNullOrWhiteSpace(body))
            .WithMessage("body is required and must not be blank.");

        RuleFor(r => r.Subject)
            .MaximumLength(MaxSubjectLength).WithMessage($"subject must be at most {MaxSubjectLength} characters.")
            .Must(s => s!.IndexOfAny(['\r', '\n']) < 0).WithMessage("subject must not contain CR or LF.")
            .When(r => r.Subject is not null);

        RuleFor(r => r.Metadata)
            .Must(m => m!.Value.ValueKind == JsonValueKind.Object).WithMessage("metadata must be a JSON object.")
            .DependentRules(() =>
            {
                RuleFor(r => r.Metadata)
                    .Must(m => m!.Value.EnumerateObject().Count() <= MaxMetadataKeys)
                    .WithMessage($"metadata must have at most {MaxMetadataKeys} keys.")
                    .Must(m => Encoding.UTF8.GetByteCount(m!.Value.GetRawText()) <= MaxMetadataBytes)
                    .WithMessage($"metadata must be at most {MaxMetadataBytes / 1024} KiB serialized.")
                    .Must(m => StorableJson.IsStorable(m!.Value))
                    .WithMessage(StorableText.Rule("metadata"))
                    .Must(m => HasKeysDistinctIgnoringCase(m!.Value))
                    .WithMessage("metadata must not have two keys that differ only in case.");
            })
            .When(r => r.Metadata is { ValueKind: not JsonValueKind.Null });

        RuleFor(r => r.SendAt)
            .Must(sendAt => sendAt is null || sendAt <= clock.GetUtcNow() + maxSendAhead)
            .WithMessage($"sendAt must be at most {maxSendAhead.TotalDays:0.##} days ahead.");

        RuleFor(r => r.ExpiresAt)
            .Must(expiresAt => expiresAt > clock.GetUtcNow()).WithMessage("expiresAt must be in the future.")
            .Must((r, expiresAt) => r.SendAt is not { } sendAt || expiresAt >= sendAt).WithMessage("expiresAt must not be before sendAt.")
            .When(r => r.ExpiresAt is not null);

        RuleFor(r => r.Priority)
            .Must(p => RequestedPriority.TryParse(p, out _))
            .WithMessage($"priority must be {RequestedPriority.Names}.");
    }

    private static MessageChannel ParseChannel(SubmitMessageRequest request)
    {
        MessageChannels.TryParse(request.Channel, out var channel);
        return channel;
    }

    /// <summary>
    /// MassTransit reads a dictionary back with keys compared ordinally ignoring case, and throws on two that match
    /// that way: the Delivery service could not read the message at all. An unreadable name is the storable rule's to report.
    /// </summary>
    private static bool HasKeysDistinctIgnoringCase(JsonElement metadata)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return metadata.EnumerateObject().All(p => !StorableJson.TryRead(p, out var name) || names.Add(name!));
    }

    private static bool IsValidRecipient(MessageChannel channel, string recipient) => channel switch
    {
        MessageChannel.Email => IsEmailAddress(recipient),
        _ => E164().IsMatch(recipient),
    };

    private static bool IsEmailAddress(string value) =>
        value.Length <= MaxEmailLength
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && address.Host.Contains('.')
        && string.IsNullOrEmpty(address.DisplayName);

    // \z, not $: $ also matches before a final line feed.
    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}\z")]
    private static partial Regex E164();
}
