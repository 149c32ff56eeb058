using System.ComponentModel.DataAnnotations;

namespace Aggregator.Router.Deduplication;

/// <summary>Where Redis is, bound from <c>Redis</c>. The prefix keeps deployments (and test runs) apart.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    [Required]
    public string ConnectionString { get; set; } = "";

    [Required]
    public string KeyPrefix { get; set; } = "aggregator:";
}
