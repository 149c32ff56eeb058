namespace Aggregator.Delivery.Channels;

/// <summary>Whether clients may steer the simulated providers through the <c>simulate</c> metadata key; bound from <c>Simulation</c>.</summary>
public sealed class SimulationOptions
{
    public const string Section = "Simulation";

    public bool AllowDirectives { get; set; } = true;
}
