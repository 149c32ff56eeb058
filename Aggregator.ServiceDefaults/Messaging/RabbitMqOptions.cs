using System.ComponentModel.DataAnnotations;

namespace Aggregator.ServiceDefaults.Messaging;

/// <summary>Where the RabbitMQ broker is. Bound from <c>RabbitMq</c>; validated at start-up.</summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    [Required]
    public string Host { get; set; } = "";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    [Required]
    public string VirtualHost { get; set; } = "/";

    [Required]
    public string Username { get; set; } = "";

    [Required]
    public string Password { get; set; } = "";

    /// <summary>
    /// The type of every durable queue our endpoints declare: <c>Classic</c>, or <c>Quorum</c> for a RabbitMQ cluster
    /// (replicated; no priorities, which is why priority travels in lanes). A queue's type cannot change once declared:
    /// switching an existing broker means deleting its queues first (README, "Scaling out").
    /// </summary>
    public RabbitMqQueueType QueueType { get; set; } = RabbitMqQueueType.Classic;
}

public enum RabbitMqQueueType
{
    Classic,
    Quorum,
}
