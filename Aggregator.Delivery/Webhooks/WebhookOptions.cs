using System.ComponentModel.DataAnnotations;

namespace Aggregator.Delivery.Webhooks;

/// <summary>Status webhooks: who may be called, how long a call may take, how long an event is retried; bound from <c>Webhooks</c>.</summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string Section = "Webhooks";

    /// <summary>About 5 s, 30 s, 2 min, 10 min, 1 h; the last pause repeats (hourly) until <see cref="GiveUpAfter"/>.</summary>
    public static readonly TimeSpan[] DefaultRetryIntervals =
        [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)];

    /// <summary>
    /// Whether an endpoint may be on a private, loopback, link-local, unique-local, multicast or unspecified address. Off
    /// wherever clients are not trusted: the service would otherwise post into the network it runs in.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>One try as a whole, connecting included; no answer by then is a failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An event is not tried after this long since its first try; an endpoint failing this long is disabled.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The pause before each retry. Empty here because configuration binding appends to an array's initial items;
    /// <see cref="DefaultRetryIntervals"/> applies when configuration gives none.
    /// </summary>
    public TimeSpan[] RetryIntervals { get; set; } = [];

    /// <summary>The queue that hears <c>MessageStatusChanged</c> and fans it out, one command per endpoint.</summary>
    [Required]
    public string EventsQueue { get; set; } = "webhook-events";

    /// <summary>The queue of single deliveries (and their retries).</summary>
    [Required]
    public string DeliveriesQueue { get; set; } = "webhook-deliveries";

    /// <summary>Deliveries in flight at once per instance: a slow receiver holds one of these, never a channel's consumer.</summary>
    [Range(1, 256)]
    public int ConcurrentDeliveries { get; set; } = 16;

    /// <summary>How long this instance trusts its answer to "is any webhook registered?" before asking the database again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ListenerRefresh { get; set; } = TimeSpan.FromSeconds(5);

    public Uri DeliveriesAddress => new($"exchange:{DeliveriesQueue}");

    /// <summary>The pause after failed try <paramref name="tried"/> (1 for the first).</summary>
    public TimeSpan PauseAfter(int tried) => RetryIntervals[Math.Clamp(tried - 1, 0, RetryIntervals.Length - 1)];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryIntervals.Any(i => i <= TimeSpan.Zero || i > TimeSpan.FromDays(1)))
        {
            yield return new ValidationResult("Every webhook retry interval must be more than zero and at most a day.", [nameof(RetryIntervals)]);
        }
    }
}
