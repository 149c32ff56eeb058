namespace Aggregator.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline, checking it at a steady pace; never a blind sleep.</summary>
public static class Eventually
{
    /// <summary>Probes until it reports ready and returns the value it found then.</summary>
    public static async Task<T> Get<T>(Func<Task<(bool Ready, T Value)>> probe, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (true)
        {
            var (ready, value) = await probe();
            if (ready)
            {
                return value;
            }
            try
            {
                await pace.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#}s waiting for {what}.");
            }
        }
    }

    public static Task True(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        Get(async () => (await condition(), true), timeout, what);

    public static Task True(Func<bool> condition, TimeSpan timeout, string what) =>
        Get(() => Task.FromResult((condition(), true)), timeout, what);
}
