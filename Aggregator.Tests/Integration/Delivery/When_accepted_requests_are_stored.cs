using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.Delivery.Data;
using Aggregator.Delivery.StateMachines;
using Aggregator.Router.Messages;
using Aggregator.ServiceDefaults.Logging;
using Aggregator.Tests.Infrastructure;
using CsCheck;
using MassTransit.Context;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// Whatever the Router accepts must fit every column it is stored in and come back unchanged: generated valid requests
/// (hostile but legal text, longest recipients and bodies, odd metadata) written as the saga writes them — the saga row,
/// the kept command, a scheduled redelivery's envelope, both encrypted — in one transaction that is rolled back.
/// </summary>
[Category("Integration")]
public class When_accepted_requests_are_stored
{
    private const int Requests = 1_000;
    private const string NoHeaders = "{}";
    private static readonly SubmitMessageRequestValidator Validator = new();
    private static readonly SystemTextJsonMessageSerializer Serializer = new(SystemTextJsonMessageSerializer.JsonContentType);
    private static readonly ProtectedText Text = DeliveryDatabase.Protection;

    [Test]
    public async Task Should_round_trip_through_every_column()
    {
        var commands = new List<DeliverMessage>();
        SubmitRequestGenerator.ValidBodies.Sample(body =>
        {
            var request = SubmitMessageReader.ReadAsync(new MemoryStream(body), "application/json", body.Length, CancellationToken.None).GetAwaiter().GetResult().Request;
            if (request is not null && Validator.Validate(request).IsValid)
            {
                var submitted = SubmittedMessage.From(request, "anonymous", Guid.NewGuid(), "0af7651916cd43dd8448eb211c80319c", DateTimeOffset.UtcNow);
                commands.Add(DeliveryHarness.Command(submitted));
            }
        }, iter: Requests, threads: 1);

        await using var db = DeliveryDatabase.Open();
        await using var transaction = await db.Database.BeginTransactionAsync();
        foreach (var command in commands)
        {
            db.Messages.Add(new MessageState
            {
                CorrelationId = command.MessageId,
                CurrentState = nameof(MessageStateMachine.Accepted),
                TraceId = command.TraceId,
                Channel = command.Channel,
                Recipient = RecipientMask.Mask(command.Recipient),
                CreatedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
            });
            var keptCommand = Text.Protect(ProtectedColumn.DeliveryCommand, JsonSerializer.Serialize(command));
            db.DeliveryCommands.Add(new DeliveryCommand { MessageId = command.MessageId, Command = keptCommand, KeptAt = DateTimeOffset.UtcNow });
            var envelope = Text.Protect(ProtectedColumn.ScheduledMessageBody, Serializer.GetMessageBody(new MessageSendContext<DeliverMessage>(command)).GetString());
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO scheduled_messages (token_id, due_at, destination, content_type, body, headers, scheduled_at, cancelled)
                VALUES ({command.MessageId}, now(), 'queue:sms_delivery_queue', 'application/vnd.masstransit+json', {envelope}, {NoHeaders}::jsonb, now(), false)
                """);
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var ids = commands.Select(c => c.MessageId).ToList();
        var states = await db.Messages.AsNoTracking().Where(m => ids.Contains(m.CorrelationId)).ToDictionaryAsync(m => m.CorrelationId);
        var kept = await db.DeliveryCommands.AsNoTracking().Where(c => ids.Contains(c.MessageId)).ToDictionaryAsync(c => c.MessageId);
        var scheduled = await db.ScheduledMessages.AsNoTracking().Where(s => ids.Contains(s.TokenId)).ToDictionaryAsync(s => s.TokenId);
        await transaction.RollbackAsync();

        Assert.That(commands, Has.Count.GreaterThan(Requests / 2), "most generated valid bodies are accepted");
        Assert.Multiple(() =>
        {
            foreach (var command in commands)
            {
                Assert.That(states[command.MessageId].Recipient, Is.EqualTo(RecipientMask.Mask(command.Recipient)));
                var back = DeliveryCommands.Read(Text, kept[command.MessageId].Command);
                Assert.That(back.Recipient, Is.EqualTo(command.Recipient));
                Assert.That(back.Subject, Is.EqualTo(command.Subject));
                Assert.That(back.Body, Is.EqualTo(command.Body));
                Assert.That(JsonSerializer.Serialize(back.Metadata), Is.EqualTo(JsonSerializer.Serialize(command.Metadata)));
                var body = Text.Read(ProtectedColumn.ScheduledMessageBody, scheduled[command.MessageId].Body);
                var envelope = Serializer.Deserialize(Serializer.GetMessageBody(body), new DictionarySendHeaders(), null);
                Assert.That(envelope.TryGetMessage<DeliverMessage>(out var sent) && sent!.Body == command.Body && sent.Recipient == command.Recipient, Is.True,
                    "the scheduled envelope");
            }
        });
    }
}
