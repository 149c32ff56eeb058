namespace Aggregator.Logging.Ingestion;

/// <summary>Whether the writer last found the store unavailable, since when and why; the health check reads it.</summary>
public sealed class LogStoreAvailability(TimeProvider clock)
{
    private Outage? outage;

    public Outage? Current => Volatile.Read(ref outage);

    public void Unavailable(Exception reason) => Volatile.Write(ref outage, new Outage(Current?.Since ?? clock.GetUtcNow(), reason.Message));

    public void Available() => Volatile.Write(ref outage, null);

    public sealed record Outage(DateTimeOffset Since, string Reason);
}
