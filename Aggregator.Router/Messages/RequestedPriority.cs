using Aggregator.Contracts;

namespace Aggregator.Router.Messages;

/// <summary>The <c>priority</c> of a request: <c>normal</c> (also when absent) or <c>high</c>, in any case.</summary>
public static class RequestedPriority
{
    public const string Names = "normal or high";

    public static bool TryParse(string? text, out MessagePriority priority)
    {
        priority = MessagePriority.Normal;
        if (text is null || text.Equals("normal", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (text.Equals("high", StringComparison.OrdinalIgnoreCase))
        {
            priority = MessagePriority.High;
            return true;
        }
        return false;
    }
}
