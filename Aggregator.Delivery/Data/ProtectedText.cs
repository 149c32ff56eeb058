using Microsoft.AspNetCore.DataProtection;

namespace Aggregator.Delivery.Data;

/// <summary>
/// Text that holds a full recipient, subject or body, encrypted before it is stored (ASP.NET Core Data Protection,
/// the key ring in the Delivery database, see <see cref="DeliveryKeyRing"/>). Each column has its own purpose, so a
/// value copied into another column does not decrypt there. A value stored before encryption existed is read as it is,
/// so an upgrade loses no kept command and no pending retry.
/// </summary>
public sealed class ProtectedText(IDataProtectionProvider provider)
{
    // Every protected payload starts with Data Protection's magic header 0x09F0C9F0, "CfDJ8" in base64url; JSON never does.
    private const string ProtectedPrefix = "CfDJ8";

    private readonly IDataProtector deliveryCommands = provider.CreateProtector("delivery_commands.command");
    private readonly IDataProtector scheduledBodies = provider.CreateProtector("scheduled_messages.body");
    private readonly IDataProtector webhookSecrets = provider.CreateProtector("webhook_endpoints.secret");

    public string Protect(ProtectedColumn column, string text) => For(column).Protect(text);

    /// <summary>The text of a stored value, decrypted, or as it is when it was stored before encryption existed.</summary>
    public string Read(ProtectedColumn column, string stored) =>
        IsProtected(stored) ? For(column).Unprotect(stored) : stored;

    public static bool IsProtected(string stored) => stored.StartsWith(ProtectedPrefix, StringComparison.Ordinal);

    private IDataProtector For(ProtectedColumn column) => column switch
    {
        ProtectedColumn.DeliveryCommand => deliveryCommands,
        ProtectedColumn.ScheduledMessageBody => scheduledBodies,
        ProtectedColumn.WebhookSecret => webhookSecrets,
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, null),
    };
}

/// <summary>The columns that hold personal data in full.</summary>
public enum ProtectedColumn
{
    /// <summary><c>delivery_commands.command</c>: a message's <c>DeliverMessage</c> as JSON.</summary>
    DeliveryCommand,

    /// <summary><c>scheduled_messages.body</c>: a MassTransit envelope waiting for its time (mostly redelivered commands).</summary>
    ScheduledMessageBody,

    /// <summary><c>webhook_endpoints.secret</c>: an endpoint's signing secret (not personal data, but a key to forge our calls).</summary>
    WebhookSecret,
}
