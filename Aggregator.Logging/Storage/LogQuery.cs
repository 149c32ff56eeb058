namespace Aggregator.Logging.Storage;

/// <summary>The filters of <c>GET /api/v1/logs</c>; every one optional. State, channel and event match <see cref="PromotedProperties"/>.</summary>
public sealed record LogQuery(
    string? TraceId = null,
    Guid? MessageId = null,
    string? Service = null,
    string? Level = null,
    string? Text = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Limit = LogQuery.DefaultLimit,
    string? State = null,
    string? Channel = null,
    string? Event = null)
{
    public const int DefaultLimit = 200;
    public const int MaxLimit = 5000;
}
