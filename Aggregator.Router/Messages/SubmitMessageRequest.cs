using System.Text.Json;

namespace Aggregator.Router.Messages;

/// <summary>
/// The body of <c>POST /api/v1/messages</c>. Every field is nullable and the channel is a string so
/// that a missing or misspelt value becomes a validation error naming the field, not a binding failure.
/// </summary>
public sealed record SubmitMessageRequest(
    string? Channel,
    string? Recipient,
    string? Subject,
    string? Body,
    JsonElement? Metadata);
