namespace Aggregator.Contracts;

/// <summary>How urgent a message is: a high one travels its own lane at every queue and overtakes normal traffic.</summary>
public enum MessagePriority
{
    /// <summary>The default.</summary>
    Normal,

    /// <summary>One-time codes and the like: the saga's and the channel's high lanes.</summary>
    High,
}
