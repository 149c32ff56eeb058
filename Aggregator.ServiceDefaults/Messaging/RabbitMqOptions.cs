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
}
