using Aggregator.Contracts;

namespace Aggregator.Router.Messages;

/// <summary>
/// Gathers the messages of one round of a batch (<see cref="BatchIntake"/>) and publishes them as one
/// <see cref="MessagesSubmitted"/>, one confirm for all, once every item of the round has either handed its message
/// over or finished without one (invalid, duplicate, replayed, refused). Each item then hears the envelope's outcome as
/// its own, as if its message had been published alone: confirmed, refused, or unknown.
/// </summary>
public sealed class SubmissionEnvelope(MessagePublisher publisher, int items)
{
    private readonly Lock gate = new();
    private readonly List<MessageSubmitted> messages = [];
    private readonly TaskCompletionSource<PublishResult> published = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int settled;

    /// <summary>The sink of one item: its message joins the envelope; an item that never hands one over must be <see cref="Item.Finish"/>ed.</summary>
    public Item ForItem() => new(this);

    private Task<PublishResult> Add(MessageSubmitted message)
    {
        lock (gate)
        {
            messages.Add(message);
            settled++;
        }
        PublishWhenComplete();
        return published.Task;
    }

    private void Skip()
    {
        lock (gate)
        {
            settled++;
        }
        PublishWhenComplete();
    }

    private void PublishWhenComplete()
    {
        List<MessageSubmitted> all;
        lock (gate)
        {
            if (settled != items)
            {
                return;
            }
            all = [.. messages];
        }
        _ = PublishAsync(all);
    }

    private async Task PublishAsync(List<MessageSubmitted> all) =>
        published.TrySetResult(all.Count == 0
            ? new PublishResult(PublishOutcome.Confirmed, null, 0)
            : await publisher.PublishAsync(new MessagesSubmitted { Messages = all }));

    public sealed class Item(SubmissionEnvelope envelope) : ISubmissionSink
    {
        private int handedOver;

        public Task<PublishResult> PublishAsync(MessageSubmitted message)
        {
            Interlocked.Exchange(ref handedOver, 1);
            return envelope.Add(message);
        }

        /// <summary>The item's answer is known: if it handed no message over, the envelope stops waiting for it.</summary>
        public void Finish()
        {
            if (Interlocked.Exchange(ref handedOver, 1) == 0)
            {
                envelope.Skip();
            }
        }
    }
}
