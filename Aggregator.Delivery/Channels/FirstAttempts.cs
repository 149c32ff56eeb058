using Aggregator.Contracts;
using MassTransit;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// The delivery commands a saga event asks to send, taken instead to be started in process once the event's transaction
/// has committed (<see cref="FirstAttemptFilter{TMessage}"/>), each holding one of its lane's <see cref="AttemptSlots"/>
/// from the moment it is taken. A payload of the event's consume, fresh for each try of it: a try that fails gives its
/// slots back (<see cref="ReleaseAll"/>).
/// </summary>
public sealed class FirstAttempts(FirstAttemptStarter starter)
{
    private readonly FirstAttemptStarter starter = starter;
    private readonly List<FirstAttempt> attempts = [];

    public IReadOnlyList<FirstAttempt> Attempts => attempts;

    /// <summary>
    /// False when the event is not consumed under the filter, or the command's lane has no free slot: the command is then
    /// sent to its channel's queue. The attempt claims itself when it starts.
    /// </summary>
    public static bool TryTake(PipeContext context, DeliverMessage command) => TryTake(context, command, claimedWithSaga: false) is not null;

    /// <summary>
    /// For a saga being created: takes its first attempt already claimed, so the saga is written Processing with the
    /// attempt's lease (returned) in its own insert and the attempt skips its claim. Null where <see cref="TryTake(PipeContext, DeliverMessage)"/>
    /// would be false.
    /// </summary>
    public static DateTimeOffset? TryTakeClaimed(PipeContext context, DeliverMessage command, DateTimeOffset now) =>
        TryTake(context, command, claimedWithSaga: true) is { } payload ? now + payload.starter.Lease : null;

    /// <summary>Gives back the slots of commands that will not be started: the event's try failed before its commit.</summary>
    public void ReleaseAll()
    {
        foreach (var attempt in attempts)
        {
            starter.Release(attempt.Command);
        }
        attempts.Clear();
    }

    /// <summary>Commands this try found no free slot for, which the saga sends to their queue.</summary>
    public int WithoutSlot { get; private set; }

    private static FirstAttempts? TryTake(PipeContext context, DeliverMessage command, bool claimedWithSaga)
    {
        if (!context.TryGetPayload<FirstAttempts>(out var payload))
        {
            return null;
        }
        if (!payload.starter.TryReserve(command))
        {
            payload.WithoutSlot++;
            return null;
        }
        payload.attempts.Add(new FirstAttempt(command, claimedWithSaga));
        return payload;
    }
}

/// <summary>A command taken for <see cref="FirstAttemptStarter"/>; <paramref name="ClaimedWithSaga"/>: its saga was written Processing with its lease.</summary>
public sealed record FirstAttempt(DeliverMessage Command, bool ClaimedWithSaga);
