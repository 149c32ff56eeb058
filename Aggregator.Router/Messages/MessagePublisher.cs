using Aggregator.Contracts;
using Aggregator.Router.Resilience;
using Aggregator.ServiceDefaults.Logging;
using MassTransit;
using Polly.CircuitBreaker;

namespace Aggregator.Router.Messages;

/// <summary>Publishes a <see cref="MessageSubmitted"/>, or a batch's envelope, through the broker's pipeline and tells what became of it.</summary>
public sealed class MessagePublisher(IBrokerPublisher broker, DependencyCalls dependencies, ILogger<MessagePublisher> logger) : ISubmissionSink
{
    public Task<PublishResult> PublishAsync(MessageSubmitted message) =>
        PublishAsync(token => broker.PublishAsync(message, token),
            exception => logger.LogWarning(exception, "Publish of a {Channel} message to {Recipient:l} not confirmed", message.Channel, RecipientMask.Mask(message.Recipient)));

    public Task<PublishResult> PublishAsync(MessagesSubmitted batch) =>
        PublishAsync(token => broker.PublishAsync(batch, token),
            exception => logger.LogWarning(exception, "Publish of a batch of {Count} messages not confirmed", batch.Messages.Count));

    private async Task<PublishResult> PublishAsync(Func<CancellationToken, Task> publish, Action<Exception> notConfirmed)
    {
        try
        {
            await dependencies.OnBrokerAsync(publish);
            return new PublishResult(PublishOutcome.Confirmed, null, 0);
        }
        catch (Exception exception)
        {
            notConfirmed(exception);
            var retryAfter = dependencies.RetryAfterSeconds(exception);
            return exception switch
            {
                MessageReturnedException => new PublishResult(PublishOutcome.Refused,
                    "No Delivery service has bound its queue to take the message yet; nothing was queued.", retryAfter),
                BrokenCircuitException => new PublishResult(PublishOutcome.Refused,
                    "The message broker is unavailable; nothing was queued.", retryAfter),
                _ => new PublishResult(PublishOutcome.Unknown, null, retryAfter),
            };
        }
    }
}

public enum PublishOutcome
{
    /// <summary>The broker confirmed the message: it is queued.</summary>
    Confirmed,

    /// <summary>The broker returned the message, or the circuit was open and it was never sent: nothing is queued.</summary>
    Refused,

    /// <summary>No confirm in time, or the publish failed on the way: the message may or may not be queued.</summary>
    Unknown,
}

/// <summary>What became of a publish; <see cref="Refusal"/> says why nothing was queued, for a refused one.</summary>
public sealed record PublishResult(PublishOutcome Outcome, string? Refusal, int RetryAfterSeconds);
