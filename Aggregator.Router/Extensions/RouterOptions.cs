using System.ComponentModel.DataAnnotations;

namespace Aggregator.Router.Extensions;

/// <summary>Router settings, bound from <c>Router</c>.</summary>
public sealed class RouterOptions
{
    public const string Section = "Router";

    /// <summary>Base of the <c>statusUrl</c> handed back to clients: the Delivery service's messages API.</summary>
    [Required, Url]
    public string StatusBaseUrl { get; set; } = "";

    /// <summary>How long to wait for the broker's confirm before answering 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
