using System.Globalization;

namespace Aggregator.Benchmarks;

/// <summary>Sizes, rates and addresses; every one has a default that finishes in about a minute on the reference machine.</summary>
public sealed record BenchmarkOptions
{
    public Uri Router { get; init; } = new("http://localhost:3000");
    public Uri Logging { get; init; } = new("http://localhost:4000");
    public Uri Delivery { get; init; } = new("http://localhost:3001");

    /// <summary>Messages of the end-to-end phase run again with one webhook endpoint registered (0: no such phase).</summary>
    public int WebhookMessages { get; init; } = 5_000;
    public string Host { get; init; } = "localhost";
    public string User { get; init; } = Environment.GetEnvironmentVariable("AGGREGATOR_DB_USER") ?? "aggregator";
    public string Password { get; init; } = Environment.GetEnvironmentVariable("AGGREGATOR_DB_PASSWORD") ?? "aggregator";
    public string MqUser { get; init; } = Environment.GetEnvironmentVariable("AGGREGATOR_MQ_USER") ?? "aggregator";
    public string MqPassword { get; init; } = Environment.GetEnvironmentVariable("AGGREGATOR_MQ_PASSWORD") ?? "aggregator";
    /// <summary>The key the services were started with (<c>deploy/local.sh</c> makes one per machine), sent as <c>X-Api-Key</c>.</summary>
    public string? ApiKey { get; init; } = Environment.GetEnvironmentVariable("AGGREGATOR_API_KEY");
    public int Messages { get; init; } = 5_000;
    public int Concurrency { get; init; } = 64;

    /// <summary>Clients sending batches in the batch-ingest phase; each batch already holds <see cref="BatchSize"/> messages in flight.</summary>
    public int BatchConcurrency { get; init; } = 8;
    public int BatchSize { get; init; } = 500;

    /// <summary>Normal messages waiting behind a slow provider when the priority phase sends its high one.</summary>
    public int PriorityBacklog { get; init; } = 20_000;
    public double IngestSeconds { get; init; } = 8;
    public double RetryShare { get; init; } = 0.05;
    public double SteadySeconds { get; init; } = 10;
    public int LimitMessages { get; init; } = 5_000;
    public int WarmUpMessages { get; init; } = 10_000;

    /// <summary>Connections for the commit-rate limit: the Delivery service's pool (<c>Maximum Pool Size</c> in its appsettings.json).</summary>
    public int PostgresConnections { get; init; } = 48;
    public string Output { get; init; } = "bench-results/benchmark.json";
    public string StateDirectory { get; init; } = ".state";
    public string LocalScript { get; init; } = "deploy/local.sh";

    /// <summary>A client of one of the services, with the run's key where it has one.</summary>
    public HttpClient Client(Uri service, HttpMessageHandler? handler = null)
    {
        var client = handler is null ? new HttpClient() : new HttpClient(handler);
        client.BaseAddress = service;
        if (!string.IsNullOrEmpty(ApiKey))
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        }
        return client;
    }

    public string Postgres(string database) => $"Host={Host};Database={database};Username={User};Password={Password};Maximum Pool Size=64";

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            options = args[i] switch
            {
                "--messages" => options with { Messages = int.Parse(value, CultureInfo.InvariantCulture) },
                "--concurrency" => options with { Concurrency = int.Parse(value, CultureInfo.InvariantCulture) },
                "--batch-concurrency" => options with { BatchConcurrency = int.Parse(value, CultureInfo.InvariantCulture) },
                "--ingest-seconds" => options with { IngestSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--steady-seconds" => options with { SteadySeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--retry-share" => options with { RetryShare = double.Parse(value, CultureInfo.InvariantCulture) },
                "--pg-connections" => options with { PostgresConnections = int.Parse(value, CultureInfo.InvariantCulture) },
                "--warm-up" => options with { WarmUpMessages = int.Parse(value, CultureInfo.InvariantCulture) },
                "--webhook-messages" => options with { WebhookMessages = int.Parse(value, CultureInfo.InvariantCulture) },
                "--priority-backlog" => options with { PriorityBacklog = int.Parse(value, CultureInfo.InvariantCulture) },
                "--limit-messages" => options with { LimitMessages = int.Parse(value, CultureInfo.InvariantCulture) },
                "--router" => options with { Router = new Uri(value) },
                "--output" => options with { Output = value },
                "--state" => options with { StateDirectory = value },
                "--local-script" => options with { LocalScript = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --messages --concurrency --batch-concurrency --ingest-seconds --steady-seconds --retry-share --limit-messages --priority-backlog --webhook-messages --warm-up --pg-connections --router --output"),
            };
        }
        return options;
    }
}
