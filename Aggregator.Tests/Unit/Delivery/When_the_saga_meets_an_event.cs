using Aggregator.Contracts;
using Aggregator.Delivery.StateMachines;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Unit.Delivery;

/// <summary>
/// The state machine's guards on the in-memory harness: which outcome moves a message, which is a duplicate or belongs
/// to an earlier attempt or cycle, and what a redrive may do. Processing is written beside the machine by the channel
/// consumer (MessageStateWrites); here a test sets it on the instance as that write would.
/// </summary>
public class When_the_saga_meets_an_event
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private InMemorySaga saga = null!;

    [SetUp]
    public async Task Start() => saga = await InMemorySaga.StartAsync();

    [TearDown]
    public async Task Stop() => await saga.DisposeAsync();

    [Test]
    public async Task Should_accept_a_new_message_and_send_its_command_to_the_channel()
    {
        var message = DeliveryHarness.Message(MessageChannel.Email);

        var accepted = await saga.AcceptAsync(message);

        Assert.Multiple(async () =>
        {
            Assert.That(accepted.Recipient, Is.Not.EqualTo(message.Recipient), "the saga keeps the recipient masked");
            Assert.That(accepted.FirstAttempt, Is.EqualTo(1));
            Assert.That(await saga.Harness.Sent.Any<DeliverMessage>(s => s.Context.Message.MessageId == message.MessageId && s.Context.Message.FirstAttempt == 1), Is.True);
        });
    }

    [Test]
    public async Task Should_wait_for_the_retry_when_the_next_attempt_has_not_begun()
    {
        var message = await ProcessingAsync(attempts: 1);
        var nextAttemptAt = Now.AddSeconds(1);

        var after = await saga.AfterAsync(message.MessageId, Failed(message, attempt: 1, nextAttemptAt));

        Assert.Multiple(() =>
        {
            Assert.That(after.CurrentState, Is.EqualTo(nameof(MessageStateMachine.Retrying)));
            Assert.That(after.NextAttemptAt, Is.EqualTo(nextAttemptAt));
            Assert.That(after.FinishedAttempts, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_stay_processing_when_a_failure_arrives_after_the_next_attempt_began()
    {
        var message = await ProcessingAsync(attempts: 2);
        // Attempt 1's failure was reported after attempt 2 was claimed: it is not settled yet.
        saga.Instance(message.MessageId).FinishedAttempts = 0;

        var after = await saga.AfterAsync(message.MessageId, Failed(message, attempt: 1, Now.AddSeconds(1)));

        Assert.Multiple(() =>
        {
            Assert.That(after.CurrentState, Is.EqualTo(nameof(MessageStateMachine.Processing)));
            Assert.That(after.NextAttemptAt, Is.Null, "no retry waits: attempt 2 is under way");
            Assert.That(after.FinishedAttempts, Is.EqualTo(1));
            Assert.That(after.LastError, Is.EqualTo("attempt 1 failed"));
        });
    }

    [Test]
    public async Task Should_ignore_a_repeated_outcome_of_a_settled_attempt()
    {
        var message = await ProcessingAsync(attempts: 1);
        await saga.AfterAsync(message.MessageId, Failed(message, attempt: 1, Now.AddSeconds(1)));

        var after = await saga.AfterAsync(message.MessageId, Failed(message, attempt: 1, Now.AddSeconds(5)) with { Error = "a copy" });

        Assert.Multiple(() =>
        {
            Assert.That(after.CurrentState, Is.EqualTo(nameof(MessageStateMachine.Retrying)));
            Assert.That(after.NextAttemptAt, Is.EqualTo(Now.AddSeconds(1)));
            Assert.That(after.LastError, Is.EqualTo("attempt 1 failed"));
        });
    }

    [Test]
    public async Task Should_fail_on_the_last_attempt_without_waiting_for_the_commands_fault()
    {
        var message = await ProcessingAsync(attempts: 4);

        var after = await saga.AfterAsync(message.MessageId, Failed(message, attempt: 4, nextAttemptAt: null));

        Assert.Multiple(() =>
        {
            Assert.That(after.CurrentState, Is.EqualTo(nameof(MessageStateMachine.Failed)));
            Assert.That(after.FailedAt, Is.EqualTo(Now));
            Assert.That(after.FinishedAttempts, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Should_fail_at_once_on_a_permanent_failure()
    {
        var message = await ProcessingAsync(attempts: 1);

        var after = await saga.AfterAsync(message.MessageId, new DeliveryAttemptFailedPermanently
        {
            MessageId = message.MessageId, TraceId = message.TraceId, Attempt = 1, Error = "recipient unknown", FailedAt = Now,
        });

        Assert.Multiple(() =>
        {
            Assert.That(after.CurrentState, Is.EqualTo(nameof(MessageStateMachine.Failed)));
            Assert.That(after.LastError, Is.EqualTo("recipient unknown"));
        });
    }

    [Test]
    public async Task Should_redrive_a_failed_message_as_a_new_cycle_of_its_kept_command()
    {
        var message = await FailedAsync(attempts: 4);
        await saga.KeepCommandAsync(DeliveryHarness.Command(message));

        var after = await saga.AfterAsync(message.MessageId, Redrive(message));

        Assert.Multiple(async () =>
        {
            Assert.That(after.CurrentState, Is.EqualTo(nameof(MessageStateMachine.Accepted)));
            Assert.That(after.FirstAttempt, Is.EqualTo(5), "the new cycle's attempts are numbered after the old ones");
            Assert.That(after.FailedAt, Is.Null);
            Assert.That(await saga.Harness.Sent.Any<DeliverMessage>(s => s.Context.Message.MessageId == message.MessageId && s.Context.Message.FirstAttempt == 5), Is.True);
        });
    }

    [Test]
    public async Task Should_leave_a_failed_message_failed_when_no_command_is_kept()
    {
        var message = await FailedAsync(attempts: 4);

        var after = await saga.AfterAsync(message.MessageId, Redrive(message));

        Assert.Multiple(async () =>
        {
            Assert.That(after.CurrentState, Is.EqualTo(nameof(MessageStateMachine.Failed)));
            Assert.That(await saga.Harness.Sent.Any<DeliverMessage>(s => s.Context.Message.FirstAttempt == 5), Is.False);
        });
    }

    [TestCase(nameof(MessageStateMachine.Processing))]
    [TestCase(nameof(MessageStateMachine.Retrying))]
    [TestCase(nameof(MessageStateMachine.Delivered))]
    public async Task Should_ignore_a_redrive_of_a_message_that_has_not_failed(string state)
    {
        var message = await ProcessingAsync(attempts: 1);
        saga.Instance(message.MessageId).CurrentState = state;
        await saga.KeepCommandAsync(DeliveryHarness.Command(message));

        var after = await saga.AfterAsync(message.MessageId, Redrive(message));

        Assert.Multiple(() =>
        {
            Assert.That(after.CurrentState, Is.EqualTo(state));
            Assert.That(after.FirstAttempt, Is.EqualTo(1));
        });
    }

    /// <summary>A message whose attempt <paramref name="attempts"/> has been claimed by the channel consumer, every earlier one settled.</summary>
    private async Task<MessageSubmitted> ProcessingAsync(int attempts)
    {
        var message = DeliveryHarness.Message();
        var instance = await saga.AcceptAsync(message);
        instance.CurrentState = nameof(MessageStateMachine.Processing);
        instance.Attempts = attempts;
        instance.FinishedAttempts = attempts - 1;
        return message;
    }

    private async Task<MessageSubmitted> FailedAsync(int attempts)
    {
        var message = await ProcessingAsync(attempts);
        await saga.AfterAsync(message.MessageId, Failed(message, attempts, nextAttemptAt: null));
        return message;
    }

    private static DeliveryAttemptFailed Failed(MessageSubmitted message, int attempt, DateTimeOffset? nextAttemptAt) => new()
    {
        MessageId = message.MessageId,
        TraceId = message.TraceId,
        Attempt = attempt,
        Error = $"attempt {attempt} failed",
        FailedAt = Now,
        NextAttemptAt = nextAttemptAt,
    };

    private static RedriveMessage Redrive(MessageSubmitted message) => new() { MessageId = message.MessageId, RequestedAt = Now };
}
