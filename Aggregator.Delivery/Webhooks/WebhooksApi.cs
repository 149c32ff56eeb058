using System.Security.Claims;
using Aggregator.Delivery.Apis;
using Aggregator.ServiceDefaults.OpenApi;
using Aggregator.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregator.Delivery.Webhooks;

/// <summary>Status webhooks, managed by the submit key whose messages they hear (CONTRACT.md, "Status webhooks").</summary>
public static class WebhooksApi
{
    private const int LargestBody = 1024 * 1024;

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/webhooks").RequireRole(Roles.Submit).WithTags("Webhooks");
        api.MapPost("/", RegisterWebhook)
            .WithSummary("Register a webhook for status events")
            .WithDescription(
                "From then on, each event named in events (message.delivered, message.failed, message.retrying, message.expired, " +
                "message.cancelled, message.receipt) of the key's own messages (of every message while the service has no keys) is posted " +
                "to url as { type, timestamp, data }, signed per the Standard Webhooks specification with the secret (headers webhook-id, " +
                "webhook-timestamp, webhook-signature), and retried for up to 24 h until url answers 2xx. " +
                "201: registered; the secret (whsec_...) is shown only in this answer. 400: the url is not an http or https address the " +
                "service may call, or an event is unknown (problem details with errors). 413: the body is over 1 MiB.")
            .Accepts<WebhookRegistrationBody>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithRequestExample(SupportExamples.WebhookRegistration)
            .WithResponseExample(StatusCodes.Status201Created, SupportExamples.WebhookRegistered)
            .WithResponseExample(StatusCodes.Status400BadRequest, SupportExamples.InvalidWebhook);
        api.MapGet("/", ListWebhooks)
            .WithSummary("List the key's webhooks")
            .WithDescription(
                "200: every webhook the key registered, without its secret, with how its deliveries are going (consecutive failures, " +
                "the last failure, whether it was disabled).")
            .WithResponseExample(StatusCodes.Status200OK, SupportExamples.Webhooks);
        api.MapDelete("/{id:guid}", DeleteWebhook)
            .WithSummary("Delete a webhook")
            .WithDescription("No more events are posted to it. 204: deleted. 404: no such webhook among the key's own.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(StatusCodes.Status404NotFound, SupportExamples.WebhookNotFound);
        return app;
    }

    public static async Task<Results<Created<RegisteredWebhook>, ValidationProblem, ProblemHttpResult>> RegisterWebhook(
        HttpRequest request, ClaimsPrincipal caller, WebhookRegistry registry, WebhookAddressGuard guard, CancellationToken cancellationToken)
    {
        // Read as bytes, not bound: a wrong type, a NUL or an unreadable string is the client's 400, never a binder's 500.
        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem(title: "The registration is too large.", detail: $"At most {LargestBody} bytes.",
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        var registration = WebhookRegistration.Read(body);
        if (registration.Url is { } url && await guard.RefusalAsync(url, cancellationToken) is { } refusal)
        {
            registration.Errors["url"] = [refusal];
        }
        if (registration.Errors.Count > 0 || registration.Url is null)
        {
            return TypedResults.ValidationProblem(registration.Errors, title: "The webhook registration is not valid.");
        }
        var registered = await registry.RegisterAsync(Owner(caller), registration.Url, registration.Events, cancellationToken);
        return TypedResults.Created((string?)null, registered);
    }

    public static async Task<Ok<WebhookList>> ListWebhooks(ClaimsPrincipal caller, WebhookRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(new WebhookList(await registry.ListAsync(Owner(caller), cancellationToken)));

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteWebhook(
        Guid id, ClaimsPrincipal caller, WebhookRegistry registry, CancellationToken cancellationToken) =>
        await registry.DeleteAsync(Owner(caller), id, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Webhook not found.", detail: $"No webhook with id {id} is known.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>The key's name; every caller is "anonymous" while no key is configured.</summary>
    private static string Owner(ClaimsPrincipal caller) => caller.Identity?.Name ?? ApiKeyAuthenticationHandler.Anonymous;

    /// <summary>The whole body, or null when it is longer than <see cref="LargestBody"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > LargestBody)
        {
            return null;
        }
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > LargestBody)
            {
                return null;
            }
            body.Write(buffer, 0, read);
        }
        return body.ToArray();
    }
}

public sealed record WebhookList(IReadOnlyList<WebhookEndpointView> Items);

/// <summary>The registration's shape, for the API document only: the body is read by <see cref="WebhookRegistration"/>.</summary>
public sealed record WebhookRegistrationBody(string Url, IReadOnlyList<string> Events);
