namespace Aggregator.Logging.Storage;

/// <summary>The filters of <c>GET /api/v1/logs</c>; every one optional.</summary>
public sealed record LogQuery(
    string? TraceId = null,
    Guid? MessageId = null,
    string? Service = null,
    string? Level = null,
    string? Text = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Limit = LogQuery.DefaultLimit)
{
    public const int DefaultLimit = 200;
    public const int MaxLimit = 5000;
}
