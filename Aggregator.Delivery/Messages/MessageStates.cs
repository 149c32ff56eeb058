namespace Aggregator.Delivery.Messages;

/// <summary>The states of CONTRACT.md's delivery lifecycle, as stored and shown.</summary>
public static class MessageStates
{
    public const string Accepted = "Accepted";
    public const string Processing = "Processing";
    public const string Retrying = "Retrying";
    public const string Delivered = "Delivered";
    public const string Failed = "Failed";
}
