using System.ComponentModel.DataAnnotations;

namespace Aggregator.Delivery.Channels;

/// <summary>When a transiently failed delivery is tried again; bound from <c>Redelivery</c>.</summary>
public sealed class RedeliveryOptions : IValidatableObject
{
    public const string Section = "Redelivery";

    /// <summary>Three retries after 1 s, 2 s and 4 s: four attempts in all.</summary>
    public static readonly TimeSpan[] DefaultIntervals = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    /// <summary>
    /// The delay before each retry. Empty here because configuration binding appends to an array's
    /// initial items; <see cref="DefaultIntervals"/> applies when configuration gives none.
    /// </summary>
    public TimeSpan[] Intervals { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Intervals.Any(i => i <= TimeSpan.Zero || i > TimeSpan.FromDays(1)))
        {
            yield return new ValidationResult("Every redelivery interval must be more than zero and at most a day.", [nameof(Intervals)]);
        }
    }
}
