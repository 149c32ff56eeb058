using System.Security.Claims;
using Aggregator.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregator.Delivery.Webhooks;

/// <summary>Status webhooks, managed by the submit key whose messages they hear (CONTRACT.md, "Status webhooks").</summary>
public static class WebhooksApi
{
    private const int LargestBody = 1024 * 1024;

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/webhooks");
        api.MapPost("/", RegisterWebhook).RequireRole(Roles.Submit);
        api.MapGet("/", ListWebhooks).RequireRole(Roles.Submit);
        api.MapDelete("/{id:guid}", DeleteWebhook).RequireRole(Roles.Submit);
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
