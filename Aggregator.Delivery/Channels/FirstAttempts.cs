using Aggregator.Contracts;
using MassTransit;

namespace Aggregator.Delivery.Channels;

/// <summary>
/// The delivery commands a saga event asks to send, taken instead to be started in process once the event's transaction
/// has committed (<see cref="FirstAttemptFilter{TMessage}"/>). A payload of the event's consume, fresh for each try of it.
/// </summary>
public sealed class FirstAttempts
{
    private readonly List<DeliverMessage> commands = [];

    public IReadOnlyList<DeliverMessage> Commands => commands;

    /// <summary>False when the event is not consumed under the filter: the command is then sent to its channel's queue.</summary>
    public static bool TryTake(PipeContext context, DeliverMessage command)
    {
        if (!context.TryGetPayload<FirstAttempts>(out var attempts))
        {
            return false;
        }
        attempts.commands.Add(command);
        return true;
    }
}
