using System.ComponentModel.DataAnnotations;
using Aggregator.ServiceDefaults;

namespace Aggregator.Delivery.Apis;

/// <summary>Where support staff reach the Logging service's trace page; bound from <c>Logging</c>, used by the console's trace links.</summary>
public sealed class TracePageOptions
{
    // Beside Microsoft.Extensions.Logging's own keys (LogLevel, …): a key without children is no logging provider to it.
    public const string Section = "Logging";

    /// <summary>The trace page's address as a browser reaches it (not as this service does).</summary>
    [Required]
    [AbsoluteHttpUrl("Logging:PublicUrl")]
    public string PublicUrl { get; set; } = "http://localhost:4000";
}
