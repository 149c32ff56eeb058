using System.ComponentModel;
using System.Text.Json;

namespace Aggregator.Router.Messages;

/// <summary>
/// The body of <c>POST /api/v1/messages</c>. Every field is nullable and the channel and priority are strings so
/// that a missing or misspelt value becomes a validation error naming the field, not a binding failure. The times
/// arrive already parsed: <see cref="SubmitMessageJson"/> refuses anything but RFC 3339. Not sealed only so that the
/// batch's item (<see cref="Apis.BatchMessageRequest"/>) can describe itself as this and one field more.
/// </summary>
public record SubmitMessageRequest(
    [property: Description("email, sms or whatsapp (case-insensitive).")]
    string? Channel,
    [property: Description("An e-mail address for email (at most 254 characters); an E.164 number (+ and 8 to 15 digits) for sms and whatsapp.")]
    string? Recipient,
    [property: Description("Optional; at most 998 characters, no CR or LF.")]
    string? Subject,
    [property: Description("Required, not blank; at most 1,600 characters for sms, 4,096 for whatsapp, 100,000 for email.")]
    string? Body,
    [property: Description("Optional JSON object: at most 32 keys, 8 KiB serialized.")]
    JsonElement? Metadata,
    [property: Description("Optional RFC 3339 time with an offset or Z (2030-01-01T09:00:00Z): the first attempt starts then, not before. At most 30 days ahead; a time already past means at once.")]
    DateTimeOffset? SendAt = null,
    [property: Description("Optional RFC 3339 time with an offset or Z: no attempt starts after it (the message is then Expired). Must be in the future and not before sendAt.")]
    DateTimeOffset? ExpiresAt = null,
    [property: Description("normal (the default) or high (case-insensitive): a high message overtakes normal traffic at every queue.")]
    string? Priority = null);
