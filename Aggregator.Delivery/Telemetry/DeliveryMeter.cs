namespace Aggregator.Delivery.Telemetry;

/// <summary>The Delivery service's meter: ServiceDefaults exports <c>Aggregator.{service}</c> on <c>/metrics</c>.</summary>
public static class DeliveryMeter
{
    public const string Name = "Aggregator.delivery";
}
