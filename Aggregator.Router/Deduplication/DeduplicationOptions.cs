using System.ComponentModel.DataAnnotations;

namespace Aggregator.Router.Deduplication;

/// <summary>What counts as a duplicate and for how long; bound from <c>Deduplication</c>.</summary>
public sealed class DeduplicationOptions
{
    public const string Section = "Deduplication";

    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    public DeduplicationScope Scope { get; set; } = DeduplicationScope.Content;

    /// <summary>
    /// How long a claim lives before its message is confirmed: a Router that dies between claiming and publishing holds
    /// the content no longer than this, and the same request is then accepted again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan PendingLifetime { get; set; } = TimeSpan.FromSeconds(30);
}

public enum DeduplicationScope
{
    /// <summary>Channel, normalised recipient, subject and body.</summary>
    Content,

    /// <summary>The body alone, as the original design had it.</summary>
    BodyOnly,
}
