namespace Aggregator.Router.Messages;

/// <summary>The 202 answer: where the accepted message can be followed.</summary>
public sealed record SubmitMessageResponse(Guid MessageId, string TraceId, string Status, string StatusUrl);
