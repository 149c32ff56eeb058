using Polly;
using Polly.Registry;

namespace Aggregator.Router.Resilience;

/// <summary>
/// Runs each call to Redis or the broker through its pipeline. Neither client stops waiting when a token is
/// cancelled, so the wait itself is cut at the pipeline's timeout; a call cut that way may still complete later.
/// </summary>
public sealed class Dependencies(ResiliencePipelineProvider<string> pipelines)
{
    private readonly ResiliencePipeline redis = pipelines.GetPipeline(DependencyPipelines.Redis);
    private readonly ResiliencePipeline broker = pipelines.GetPipeline(DependencyPipelines.Broker);

    public async Task<T> OnRedisAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        await redis.ExecuteAsync(async token => await call().WaitAsync(token), cancellationToken);

    public async Task OnRedisAsync(Func<Task> call, CancellationToken cancellationToken) =>
        await redis.ExecuteAsync(async token => await call().WaitAsync(token), cancellationToken);

    public async Task OnBrokerAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        await broker.ExecuteAsync(async token => await call(token).WaitAsync(token), cancellationToken);
}
