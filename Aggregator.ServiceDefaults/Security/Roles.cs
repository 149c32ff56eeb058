namespace Aggregator.ServiceDefaults.Security;

/// <summary>What a key may do (CONTRACT.md, "Access control"); each role is also the name of its authorization policy.</summary>
public static class Roles
{
    /// <summary>Submit, batch, cancel and read its own messages, manage its own webhooks.</summary>
    public const string Submit = "submit";

    /// <summary>Read every message; the support console.</summary>
    public const string Support = "support";

    /// <summary>Redrive and cancel any message.</summary>
    public const string Redrive = "redrive";

    /// <summary><c>POST /api/v1/logs</c>.</summary>
    public const string LogsWrite = "logs-write";

    /// <summary>Log search, traces, the trace page's data.</summary>
    public const string LogsRead = "logs-read";

    public static readonly IReadOnlyList<string> All = [Submit, Support, Redrive, LogsWrite, LogsRead];
}
