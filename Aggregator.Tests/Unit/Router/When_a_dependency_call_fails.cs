using Aggregator.Router.Resilience;
using Polly.CircuitBreaker;
using Polly.Timeout;
using StackExchange.Redis;

namespace Aggregator.Tests.Unit.Router;

/// <summary>Which failures the Router answers with 503 (and counts towards opening a circuit) instead of letting them become a 500.</summary>
public class When_a_dependency_call_fails
{
    private static IEnumerable<Exception> Outages()
    {
        yield return new RedisException("No connection is active");
        // The Redis client's own timeout: a TimeoutException, not a RedisException.
        yield return new RedisTimeoutException(CommandFlags.None, "Timeout awaiting response", CommandStatus.Sent);
        yield return new TimeoutRejectedException();
        yield return new BrokenCircuitException();
    }

    [TestCaseSource(nameof(Outages))]
    public void Should_treat_it_as_the_dependency_being_unavailable(Exception failure) =>
        Assert.That(DependencyPipelines.IsUnavailable(failure), Is.True);

    [Test]
    public void Should_not_hide_a_programming_error_as_an_outage() =>
        Assert.That(DependencyPipelines.IsUnavailable(new InvalidOperationException()), Is.False);
}
