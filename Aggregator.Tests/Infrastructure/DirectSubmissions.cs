using Aggregator.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Infrastructure;

/// <summary>
/// Submissions put on the bus as the Router would (published, or sent to the saga's high lane), for specs of Delivery
/// that need what the Router refuses (an <c>expiresAt</c> already past, as a backlog leaves it) or no Router at all.
/// </summary>
public static class DirectSubmissions
{
    public static async Task<Guid> SubmitDirectAsync(this IServiceUnderTest delivery, MessageSubmitted message)
    {
        var bus = delivery.Services.GetRequiredService<IBus>();
        if (message.Priority == MessagePriority.High)
        {
            var lane = await bus.GetSendEndpoint(MessageLanes.SagaHighAddress);
            await lane.Send(message);
        }
        else
        {
            await bus.Publish(message);
        }
        return message.MessageId;
    }
}
