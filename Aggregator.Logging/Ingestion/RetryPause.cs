namespace Aggregator.Logging.Ingestion;

/// <summary>Pauses that double from 200 ms up to a limit, and start short again after a success.</summary>
public sealed class RetryPause(TimeSpan limit)
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(200);

    private TimeSpan next = First < limit ? First : limit;

    public TimeSpan Next => next;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var pause = next;
        next = pause * 2 < limit ? pause * 2 : limit;
        await Task.Delay(pause, cancellationToken);
    }

    public void Reset() => next = First < limit ? First : limit;
}
