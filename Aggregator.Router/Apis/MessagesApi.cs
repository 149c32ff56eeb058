using Aggregator.Router.Messages;
using Aggregator.Router.Security;

namespace Aggregator.Router.Apis;

public static class MessagesApi
{
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/messages")
            .RequireApiKey()
            .RequireRateLimiting(SecurityExtensions.SubmitPolicy)
            .WithTags("Messages");
        api.MapPost("/", SubmitMessage)
            .WithName("SubmitMessage")
            .WithSummary("Submit a message for delivery")
            .WithDescription("Validates the message, refuses duplicate content within the de-duplication window, and answers 202 once the broker has confirmed it.")
            .Accepts<SubmitMessageRequest>("application/json")
            .Produces<SubmitMessageResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>The body is read by <see cref="SubmitMessageReader"/>, not bound, so each kind of bad body gets its own answer.</summary>
    public static Task<IResult> SubmitMessage(HttpContext http, MessageIntake intake) => intake.SubmitAsync(http);
}
