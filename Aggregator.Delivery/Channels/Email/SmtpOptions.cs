using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace Aggregator.Delivery.Channels.Email;

/// <summary>An <c>Smtp</c> entry of <c>Channels:Email:Providers</c>. The password belongs in the environment, never in a file.</summary>
public sealed class SmtpOptions : ProviderOptions, IValidatableObject
{
    [Required]
    public string Host { get; set; } = "";

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, <c>Name &lt;address&gt;</c> or a bare address; its domain also names our <c>Message-ID</c>s.</summary>
    [Required]
    public string From { get; set; } = "";

    /// <summary>Connections kept open and reused across messages; at most this many messages are sent at once.</summary>
    [Range(1, 64)]
    public int PoolSize { get; set; } = 4;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MailboxAddress.TryParse(From, out var from) || string.IsNullOrEmpty(from.Domain))
        {
            yield return new ValidationResult($"From '{From}' is not an e-mail address.", [nameof(From)]);
        }
        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Username and Password go together: give both or neither.", [nameof(Username), nameof(Password)]);
        }
    }
}

public enum SmtpSecurity
{
    /// <summary>Plain text: only for a relay on the same host or network.</summary>
    None,
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,
}
