namespace Aggregator.Contracts;

/// <summary>The delivery channel of a message.</summary>
public enum MessageChannel
{
    /// <summary>E-mail to an RFC 5322 address.</summary>
    Email,

    /// <summary>SMS to an E.164 number.</summary>
    Sms,

    /// <summary>WhatsApp to an E.164 number.</summary>
    Whatsapp,
}
