namespace Aggregator.Logging.Storage.Elasticsearch;

/// <summary>Where Elasticsearch is; bound from <c>Elasticsearch</c>. An empty Url keeps the logs in PostgreSQL.</summary>
public sealed class ElasticsearchOptions
{
    public const string Section = "Elasticsearch";

    public string? Url { get; set; }

    /// <summary>The data stream (and index template) the lines go to; Kibana's data view reads it.</summary>
    public string DataStream { get; set; } = "aggregator-logs";

    /// <summary>Where refused lines are set aside; outside <see cref="DataStream"/>'s pattern so Kibana's data view does not mix them in.</summary>
    public string RejectedDataStream { get; set; } = "aggregator-rejected-logs";

    /// <summary>Optional API key for a secured cluster.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The lifecycle policy deletes backing indices this many days after rollover.</summary>
    public int RetentionDays { get; set; } = 14;
}
