using Aggregator.ServiceDefaults.Data;
using System.Diagnostics.Metrics;
using Aggregator.Delivery.Telemetry;
using Aggregator.Delivery.Attempts;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aggregator.Delivery.Resilience;

/// <summary>
/// Watches the outage retries of every endpoint, so that <c>/health</c> can say what the consumers are waiting for
/// and <c>/metrics</c> how often they waited.
/// </summary>
public sealed class OutageWaits(IMeterFactory meters, TimeProvider clock) : IRetryObserver, IHealthCheck
{
    private static readonly TimeSpan Recent = TimeSpan.FromSeconds(15);

    private readonly Counter<long> waits = meters.Create(DeliveryMeter.Name)
        .CreateCounter<long>("aggregator.consumer.waits", description: "Retries of consumed messages that waited for PostgreSQL or for an attempt held elsewhere.");

    private long lastOutageTicks;
    private string lastReason = "";

    /// <summary>
    /// PostgreSQL unusable, or another copy of the same attempt still holds its lease: either way the message is
    /// fine and only has to wait.
    /// </summary>
    public static bool IsWorthWaitingFor(Exception exception) =>
        exception is AttemptHeldElsewhereException || DatabaseOutage.IsUnavailable(exception);

    /// <summary>How long no one in this process has seen PostgreSQL unavailable.</summary>
    public TimeSpan QuietFor => clock.GetUtcNow() - new DateTimeOffset(Interlocked.Read(ref lastOutageTicks), TimeSpan.Zero);

    public Task PreRetry<T>(RetryContext<T> context)
        where T : class, PipeContext
    {
        waits.Add(1);
        if (context.Exception is AttemptHeldElsewhereException)
        {
            return Task.CompletedTask;
        }
        NoteOutage(context.Exception);
        return Task.CompletedTask;
    }

    /// <summary>Any part of the service that found PostgreSQL unavailable says so here.</summary>
    public void NoteOutage(Exception exception)
    {
        if (DatabaseOutage.IsUnavailable(exception))
        {
            lastReason = exception.GetBaseException().Message;
            Interlocked.Exchange(ref lastOutageTicks, clock.GetUtcNow().UtcTicks);
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        return Task.FromResult(QuietFor < Recent
            ? HealthCheckResult.Unhealthy($"Consumers are waiting for PostgreSQL ({lastReason}); their messages stay in RabbitMQ and resume by themselves.")
            : HealthCheckResult.Healthy("No consumer is waiting for the database."));
    }

    public Task PostCreate<T>(RetryPolicyContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;

    public Task PostFault<T>(RetryContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;

    public Task RetryFault<T>(RetryContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;

    public Task RetryComplete<T>(RetryContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;
}
