using Aggregator.Contracts;

namespace Aggregator.Router.Messages;

/// <summary>Where <see cref="MessageAcceptance"/> hands a claimed message: the broker at once, or a batch's envelope.</summary>
public interface ISubmissionSink
{
    Task<PublishResult> PublishAsync(MessageSubmitted message);
}
