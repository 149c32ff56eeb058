namespace Aggregator.Logging.Extensions;

/// <summary>The Logging service's meter: ServiceDefaults exports <c>Aggregator.{service}</c> on <c>/metrics</c>.</summary>
public static class LoggingMeter
{
    public const string Name = "Aggregator.logging";
}
