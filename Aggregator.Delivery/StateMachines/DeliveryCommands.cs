using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.Delivery.Data;
using MassTransit;

namespace Aggregator.Delivery.StateMachines;

/// <summary>
/// Keeps and reads back a message's command through the message scope's DbContext, the one the saga repository
/// saves, so the command row commits (or rolls back) with the saga. The command holds the full recipient and body, so
/// it is kept encrypted (<see cref="ProtectedText"/>).
/// </summary>
public static class DeliveryCommands
{
    public static void Keep(BehaviorContext<MessageState> context, DeliverMessage command)
    {
        var db = context.GetServiceOrCreateInstance<DeliveryDbContext>();
        db.DeliveryCommands.Add(new DeliveryCommand
        {
            MessageId = command.MessageId,
            Command = Write(context, command),
            KeptAt = DateTimeOffset.UtcNow,
        });
    }

    /// <summary>Keeps the command a fault brings when none is kept (a message accepted before commands were kept).</summary>
    public static async Task KeepIfMissingAsync(BehaviorContext<MessageState> context, DeliverMessage command)
    {
        var db = context.GetServiceOrCreateInstance<DeliveryDbContext>();
        if (await db.DeliveryCommands.FindAsync([command.MessageId], context.CancellationToken) is null)
        {
            Keep(context, command);
        }
    }

    /// <summary>Whether a command is kept, without decrypting it (the row stays tracked, so a TakeAsync after it reads no more).</summary>
    public static async Task<bool> IsKeptAsync(BehaviorContext<MessageState> context) =>
        await context.GetServiceOrCreateInstance<DeliveryDbContext>().DeliveryCommands
            .FindAsync([context.Saga.CorrelationId], context.CancellationToken) is not null;

    /// <summary>
    /// The kept command, renumbered to start a new cycle of attempts at <paramref name="firstAttempt"/> when given; null
    /// when none is kept (a message accepted before commands were kept from acceptance on).
    /// </summary>
    public static async Task<DeliverMessage?> TakeAsync(BehaviorContext<MessageState> context, int? firstAttempt = null)
    {
        var db = context.GetServiceOrCreateInstance<DeliveryDbContext>();
        var kept = await db.DeliveryCommands.FindAsync([context.Saga.CorrelationId], context.CancellationToken);
        if (kept is null)
        {
            return null;
        }
        var command = Read(context.GetServiceOrCreateInstance<ProtectedText>(), kept.Command);
        if (firstAttempt is { } first && first != command.FirstAttempt)
        {
            command = command with { FirstAttempt = first };
            kept.Command = Write(context, command);
        }
        return command;
    }

    /// <summary>A kept command as stored, encrypted or (kept before encryption existed) plain JSON.</summary>
    public static DeliverMessage Read(ProtectedText text, string stored) =>
        JsonSerializer.Deserialize<DeliverMessage>(text.Read(ProtectedColumn.DeliveryCommand, stored))!;

    private static string Write(BehaviorContext<MessageState> context, DeliverMessage command) =>
        context.GetServiceOrCreateInstance<ProtectedText>().Protect(ProtectedColumn.DeliveryCommand, JsonSerializer.Serialize(command));
}
