using Aggregator.Contracts;
using Aggregator.Delivery.Data;
using Aggregator.Delivery.StateMachines;
using Aggregator.Delivery.Sweeping;
using Aggregator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// A command kept as plain JSON, as every command was before encryption at rest, is still read: a redrive and the
/// sweeper send it, and once the saga writes it again it is encrypted.
/// </summary>
[Category("Integration")]
public class When_a_command_was_kept_before_encryption
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Test]
    public async Task Should_redrive_a_failed_message_with_it()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message(body: $"Before encryption {Guid.NewGuid()}");
        await delivery.StrandAsync(message, "Failed", attempts: 4, TimeSpan.FromHours(1));
        Assert.That(ProtectedText.IsProtected(await KeptCommandAsync(message.MessageId)), Is.False, "the command is kept in plain JSON");

        await RedriveAsync(delivery, message.MessageId);
        var delivered = await delivery.WaitForState(message.MessageId, m => m.Delivered, Patience);

        Assert.Multiple(() =>
        {
            Assert.That(delivered.Attempts, Is.EqualTo(5), "a fresh cycle after the four old attempts");
            Assert.That(delivery.Calls.For(message.MessageId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_keep_it_encrypted_once_a_redrive_writes_it_again()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message(simulate: "fail-permanent", body: $"Before encryption {Guid.NewGuid()}");
        await delivery.StrandAsync(message, "Failed", attempts: 4, TimeSpan.FromHours(1));

        await RedriveAsync(delivery, message.MessageId);
        await Eventually.True(async () => await delivery.MessageAsync(message.MessageId) is { CurrentState: "Failed", FinishedAttempts: 5 },
            Patience, "the redriven attempt to fail");
        var stored = await KeptCommandAsync(message.MessageId);
        var command = DeliveryCommands.Read(DeliveryDatabase.Protection, stored);

        Assert.Multiple(() =>
        {
            Assert.That(ProtectedText.IsProtected(stored), Is.True);
            Assert.That(stored, Does.Not.Contain(message.Body).And.Not.Contain(message.Recipient));
            Assert.That(command.FirstAttempt, Is.EqualTo(5), "renumbered for the new cycle");
            Assert.That(command.Body, Is.EqualTo(message.Body));
        });
    }

    [Test]
    public async Task Should_send_a_stuck_message_on_with_it()
    {
        await using var delivery = await DeliveryHarness.StartAsync();
        var message = DeliveryHarness.Message(body: $"Before encryption {Guid.NewGuid()}");
        await delivery.StrandAsync(message, "Accepted", attempts: 0, TimeSpan.FromHours(1), finishedAttempts: 0);

        await delivery.WithScopeAsync(async services =>
        {
            await ActivatorUtilities.CreateInstance<StuckMessageSweeper>(services).SweepAsync(CancellationToken.None);
            return 0;
        });
        var delivered = await delivery.WaitForState(message.MessageId, m => m.Delivered, Patience);

        Assert.That(delivered.Attempts, Is.EqualTo(1));
    }

    private static Task RedriveAsync(DeliveryHarness delivery, Guid messageId) =>
        delivery.Bus.Publish(new RedriveMessage { MessageId = messageId, RequestedAt = DateTimeOffset.UtcNow });

    private static Task<string> KeptCommandAsync(Guid messageId) =>
        DeliveryDatabase.ReadAsync(db => db.DeliveryCommands.Where(c => c.MessageId == messageId).Select(c => c.Command).SingleAsync());
}
