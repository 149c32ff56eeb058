using Aggregator.Delivery.Attempts;
using Aggregator.Delivery.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Delivery.Apis;

public static class MessagesApi
{
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/messages");
        api.MapGet("/{messageId:guid}", GetMessage);
        return app;
    }

    public static async Task<Results<Ok<MessageView>, ProblemHttpResult>> GetMessage(
        Guid messageId, DeliveryDbContext db, AttemptLog attempts, CancellationToken cancellationToken)
    {
        var message = await db.Messages.AsNoTracking().SingleOrDefaultAsync(m => m.CorrelationId == messageId, cancellationToken);
        if (message is null)
        {
            return TypedResults.Problem(
                title: "Message not found.",
                detail: $"No message with id {messageId} is known.",
                statusCode: StatusCodes.Status404NotFound);
        }
        return TypedResults.Ok(MessageView.From(message, await attempts.HistoryAsync(messageId, cancellationToken)));
    }
}
