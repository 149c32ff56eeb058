using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;

namespace Aggregator.Router.Resilience;

/// <summary>
/// Runs each call to Redis or the broker through its pipeline. Neither client stops waiting when a token is
/// cancelled, so the wait itself is cut at the pipeline's timeout; a call cut that way may still complete later.
/// No caller's token is taken: a request whose client has gone still finishes what it started.
/// </summary>
public sealed class DependencyCalls(ResiliencePipelineProvider<string> pipelines, IOptions<ResilienceOptions> options)
{
    private readonly ResiliencePipeline redis = pipelines.GetPipeline(DependencyPipelines.Redis);
    private readonly ResiliencePipeline broker = pipelines.GetPipeline(DependencyPipelines.Broker);

    public async Task<T> OnRedisAsync<T>(Func<Task<T>> call) =>
        await redis.ExecuteAsync(async token => await call().WaitAsync(token), CancellationToken.None);

    public async Task OnRedisAsync(Func<Task> call) =>
        await redis.ExecuteAsync(async token => await call().WaitAsync(token), CancellationToken.None);

    /// <summary>For tidying up once the answer is decided: an outage is handed back for the caller to log, not thrown.</summary>
    public async Task<Exception?> TryOnRedisAsync(Func<Task> call)
    {
        try
        {
            await OnRedisAsync(call);
            return null;
        }
        catch (Exception exception) when (DependencyPipelines.IsUnavailable(exception))
        {
            return exception;
        }
    }

    public async Task OnBrokerAsync(Func<CancellationToken, Task> call) =>
        await broker.ExecuteAsync(async token => await call(token).WaitAsync(token), CancellationToken.None);

    /// <summary>The <c>Retry-After</c> for a failed call: the break duration while its circuit is open, else a second.</summary>
    public int RetryAfterSeconds(Exception exception) =>
        exception is BrokenCircuitException ? (int)Math.Ceiling(options.Value.BreakDuration.TotalSeconds) : 1;
}
