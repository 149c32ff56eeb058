using System.Collections.Concurrent;
using Aggregator.Contracts;
using Aggregator.Tests.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Integration.Delivery;

/// <summary>
/// Our PostgreSQL scheduler behind MassTransit's <see cref="IMessageScheduler"/>, with two Delivery instances
/// sharing its table. A probe endpoint on the first instance takes the scheduled messages, one at a time and
/// in order, so that a sentinel sent after everything else proves nothing more is on its way.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class When_the_scheduler_holds_messages
{
    private const string ProbeQueue = "scheduler-probe";

    private readonly ConcurrentQueue<(Guid MessageId, string? Probe)> received = new();
    private DeliveryHost first = null!;
    private DeliveryHost second = null!;
    private HostReceiveEndpointHandle probe = null!;

    [OneTimeSetUp]
    public async Task StartTwoDeliveryInstances()
    {
        // Small batches so that both dispatchers take part in draining the table.
        var smallBatches = new Dictionary<string, string?> { ["Scheduler:BatchSize"] = "5" };
        first = new DeliveryHost(smallBatches);
        second = new DeliveryHost(smallBatches);
        first.CreateClient().Dispose();
        second.CreateClient().Dispose();
        var bus = first.Services.GetRequiredService<IBus>();
        probe = bus.ConnectReceiveEndpoint(ProbeQueue, endpoint =>
        {
            endpoint.PrefetchCount = 1;
            endpoint.ConcurrentMessageLimit = 1;
            endpoint.Handler<MessageSubmitted>(context =>
            {
                received.Enqueue((context.Message.MessageId, context.Headers.Get<string>("X-Probe")));
                return Task.CompletedTask;
            });
        });
        await probe.Ready;
    }

    [OneTimeTearDown]
    public async Task StopInstances()
    {
        await probe.StopAsync();
        first.Dispose();
        second.Dispose();
    }

    private static MessageSubmitted Probe() => new()
    {
        MessageId = NewId.NextGuid(),
        TraceId = "0af7651916cd43dd8448eb211c80319c",
        Channel = MessageChannel.Sms,
        Recipient = "+14155552671",
        Body = "probe",
        SubmittedAt = DateTimeOffset.UtcNow,
    };

    private IMessageScheduler Scheduler => first.Services.GetRequiredService<IMessageScheduler>();

    private static Uri ProbeAddress => new($"queue:{ProbeQueue}");

    private Task WaitForAsync(Guid messageId) =>
        Eventually.Get(() => Task.FromResult((received.Any(r => r.MessageId == messageId), true)), TimeSpan.FromSeconds(20), $"probe {messageId}");

    [Test]
    public async Task Should_never_send_a_cancelled_message()
    {
        var scheduler = Scheduler;
        var cancelled = Probe();
        var control = Probe();

        var scheduled = await scheduler.ScheduleSend(ProbeAddress, DateTime.UtcNow.AddSeconds(1), cancelled);
        await scheduler.CancelScheduledSend(ProbeAddress, scheduled.TokenId);
        await scheduler.ScheduleSend(ProbeAddress, DateTime.UtcNow.AddSeconds(1.5), control);
        await WaitForAsync(control.MessageId);

        Assert.Multiple(async () =>
        {
            Assert.That(received.Select(r => r.MessageId), Does.Not.Contain(cancelled.MessageId));
            Assert.That(await DeliveryDatabase.ReadAsync(db => db.ScheduledMessages.AnyAsync(m => m.TokenId == scheduled.TokenId)), Is.False);
        });
    }

    [Test]
    public async Task Should_keep_every_header_through_the_round_trip()
    {
        var scheduler = Scheduler;
        var message = Probe();

        await scheduler.ScheduleSend(ProbeAddress, DateTime.UtcNow.AddMilliseconds(300), message,
            Pipe.Execute<SendContext>(context => context.Headers.Set("X-Probe", "kept")));
        await WaitForAsync(message.MessageId);

        Assert.That(received.Single(r => r.MessageId == message.MessageId).Probe, Is.EqualTo("kept"));
    }

    [Test]
    public async Task Should_send_each_message_once_when_two_instances_dispatch()
    {
        var scheduler = Scheduler;
        var due = DateTime.UtcNow.AddSeconds(1);
        var messages = Enumerable.Range(0, 60).Select(_ => Probe()).ToList();
        await Task.WhenAll(messages.Select(m => scheduler.ScheduleSend(ProbeAddress, due, m)));

        await Eventually.True(async () => (await DeliveryDatabase.ScheduledForAnyAsync(messages.Select(m => m.MessageId).ToList())).Count == 0,
            TimeSpan.FromSeconds(20), "the scheduler to send every one of them");
        var sentinel = Probe();
        await (await first.Services.GetRequiredService<IBus>().GetSendEndpoint(ProbeAddress)).Send(sentinel);
        await WaitForAsync(sentinel.MessageId);

        var ids = messages.Select(m => m.MessageId).ToHashSet();
        var deliveries = received.Where(r => ids.Contains(r.MessageId)).GroupBy(r => r.MessageId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(deliveries, Has.Count.EqualTo(60));
            Assert.That(deliveries.Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty);
        });
    }
}
