namespace Aggregator.Delivery.Webhooks;

/// <summary>
/// When a failed event is tried next: after the pause for its try (<c>Webhooks:RetryIntervals</c>, the last repeating),
/// and once more at the very end of <c>Webhooks:GiveUpAfter</c> since its first try, so a receiver that failed the
/// whole time has failed for all of it when the event is given up (and the endpoint is disabled).
/// </summary>
public static class WebhookRetries
{
    /// <summary>The next try's due time, or null when the event is given up.</summary>
    public static DateTimeOffset? Next(WebhookOptions options, int tried, DateTimeOffset firstTriedAt, DateTimeOffset failedAt)
    {
        var deadline = firstTriedAt + options.GiveUpAfter;
        if (failedAt >= deadline)
        {
            return null;
        }
        var due = failedAt + options.PauseAfter(tried);
        return due < deadline ? due : deadline;
    }
}
