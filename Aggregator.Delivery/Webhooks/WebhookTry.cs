namespace Aggregator.Delivery.Webhooks;

/// <summary>How one POST went: the receiver's status code where it answered, and what counts as failure.</summary>
public sealed record WebhookTry(int? StatusCode, string? Failure)
{
    public bool Succeeded => Failure is null;

    public static WebhookTry Answered(int statusCode) => statusCode is >= 200 and < 300
        ? new WebhookTry(statusCode, null)
        : new WebhookTry(statusCode, statusCode is >= 300 and < 400 ? $"HTTP {statusCode} (redirects are not followed)" : $"HTTP {statusCode}");

    public static WebhookTry Unanswered(string failure) => new(null, failure);
}
