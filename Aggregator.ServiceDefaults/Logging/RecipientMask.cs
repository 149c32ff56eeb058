namespace Aggregator.ServiceDefaults.Logging;

/// <summary>
/// Hides most of a recipient so that logs and support views can tell messages apart without
/// revealing whom they were for: <c>j***@example.com</c>, <c>+1*******4567</c>.
/// </summary>
public static class RecipientMask
{
    public static string Mask(string? recipient)
    {
        if (string.IsNullOrEmpty(recipient))
        {
            return "";
        }
        var at = recipient.LastIndexOf('@');
        if (at > 0)
        {
            return $"{recipient[0]}***{recipient[at..]}";
        }
        if (recipient.Length <= 6)
        {
            return new string('*', recipient.Length);
        }
        return recipient[..2] + new string('*', recipient.Length - 6) + recipient[^4..];
    }
}
