using System.ComponentModel.DataAnnotations;

namespace Aggregator.Delivery.Attempts;

/// <summary>How long one attempt may take; bound from <c>Attempts</c>.</summary>
public sealed class AttemptOptions : IValidatableObject
{
    public const string Section = "Attempts";

    /// <summary>
    /// How long an attempt belongs to the consumer that began it. Another copy of the same command (a redelivery after a
    /// crash, a re-send by the sweeper) waits this long before it may take the attempt over.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A provider call that takes longer is abandoned as a transient failure, well inside the lease.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:30:00")]
    public TimeSpan ProviderTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Connections that write claims and records of attempts (<see cref="Data.StatementBatcher"/>). Fewer share more
    /// commits under load; each one is a round trip in flight at a time.
    /// </summary>
    [Range(1, 16)]
    public int WriteConnections { get; set; } = 2;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ProviderTimeout >= Lease)
        {
            yield return new ValidationResult("Attempts:ProviderTimeout must be shorter than Attempts:Lease.", [nameof(ProviderTimeout), nameof(Lease)]);
        }
    }
}
