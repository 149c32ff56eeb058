namespace Aggregator.Delivery.Channels;

/// <summary>
/// How long to wait before the next attempt: the schedule's interval, or a provider's <c>Retry-After</c> when that is
/// longer (capped at <see cref="Longest"/>, so that no answer can park a message for days).
/// </summary>
public sealed record RedeliveryWait(TimeSpan Delay, bool AskedByProvider)
{
    public static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    public static RedeliveryWait Of(TimeSpan interval, TimeSpan? retryAfter)
    {
        var asked = retryAfter is { } wait && wait > Longest ? Longest : retryAfter;
        return asked > interval ? new RedeliveryWait(asked.Value, true) : new RedeliveryWait(interval, false);
    }
}
