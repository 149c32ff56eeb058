namespace Aggregator.Delivery.Channels;

/// <summary>
/// Whether clients may steer the simulated providers through the <c>simulate</c> metadata key; bound from <c>Simulation</c>.
/// Off unless turned on (deploy/local.sh and the tests do): anywhere else a client could hold a channel with <c>delay-ms</c>.
/// </summary>
public sealed class SimulationOptions
{
    public const string Section = "Simulation";

    public bool AllowDirectives { get; set; }
}
