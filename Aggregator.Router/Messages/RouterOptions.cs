using System.ComponentModel.DataAnnotations;

namespace Aggregator.Router.Messages;

/// <summary>Router settings, bound from <c>Router</c>.</summary>
public sealed class RouterOptions
{
    public const string Section = "Router";

    /// <summary>Base of the <c>statusUrl</c> handed back to clients: the Delivery service's messages API.</summary>
    [Required, Url]
    public string StatusBaseUrl { get; set; } = "";

    /// <summary>How far ahead <c>sendAt</c> may lie; the Delivery service keeps a scheduled message that long.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan MaxSendAhead { get; set; } = TimeSpan.FromDays(30);
}
