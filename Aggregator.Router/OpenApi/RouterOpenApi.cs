using System.Text.Json.Nodes;
using Aggregator.ServiceDefaults.Security;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Aggregator.Router.OpenApi;

/// <summary>
/// The Router's OpenAPI document at <c>/openapi/v1.json</c>, with a request, a response and problem examples,
/// and a browsable reference at <c>/scalar</c> (served from the package, no CDN).
/// </summary>
public static class RouterOpenApi
{
    private static readonly Dictionary<string, string> ResponseExamples = new()
    {
        ["200"] = """{"items":[{"index":0,"status":202,"messageId":"0b6a0000-8725-6886-3e78-08df4b2e5ef4","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","statusUrl":"http://localhost:3001/api/v1/messages/0b6a0000-8725-6886-3e78-08df4b2e5ef4"},{"index":1,"status":400,"errors":{"sendAt":["sendAt must be at most 30 days ahead."]}},{"index":2,"status":409,"messageId":"0b6a0000-8725-6886-3e78-08df4b2e5ef4","detail":"Duplicate message. The same content was accepted as message 0b6a0000-8725-6886-3e78-08df4b2e5ef4 within the de-duplication window."}]}""",
        ["202"] = """{"messageId":"0b6a0000-8725-6886-3e78-08df4b2e5ef4","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","status":"accepted","statusUrl":"http://localhost:3001/api/v1/messages/0b6a0000-8725-6886-3e78-08df4b2e5ef4"}""",
        ["400"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"The message is not valid.","status":400,"errors":{"recipient":["recipient must be an E.164 number (+ and 8 to 15 digits) for the sms and whatsapp channels."]},"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""",
        ["409"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.10","title":"Duplicate message.","status":409,"detail":"The same content was accepted as message 0b6a0000-8725-6886-3e78-08df4b2e5ef4 within the de-duplication window.","messageId":"0b6a0000-8725-6886-3e78-08df4b2e5ef4","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""",
        ["503"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.6.4","title":"Service unavailable.","status":503,"detail":"The message broker did not confirm message 0b6a0000-8725-6886-3e78-08df4b2e5ef4 in time, so whether it was queued is not known. Send the same request again: it is then accepted under this messageId, never as a second message.","messageId":"0b6a0000-8725-6886-3e78-08df4b2e5ef4","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""",
    };

    private static readonly Dictionary<string, string> RequestExamples = new()
    {
        ["SubmitMessage"] = """{"channel":"email","recipient":"jane@example.com","subject":"Hi","body":"Hello Jane","metadata":{"orderId":"A-1"},"sendAt":"2030-01-01T09:00:00+01:00","expiresAt":"2030-01-01T12:00:00Z","priority":"normal"}""",
        ["SubmitMessageBatch"] = """{"messages":[{"channel":"sms","recipient":"+14155552671","body":"Your code is 1234","priority":"high","idempotencyKey":"code-1234"},{"channel":"email","recipient":"jane@example.com","subject":"Hi","body":"Hello Jane"}]}""",
    };

    private const string ApiKeyScheme = "ApiKey";

    public static IServiceCollection AddRouterOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyRing.Header,
                Description = "An API key with the role the operation names; not needed while the service has no key configured.",
            };
            return Task.CompletedTask;
        }).AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiredRoles>().FirstOrDefault() is { } roles)
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] }];
                operation.Description = $"{operation.Description} Needs an API key with the role: {string.Join(" or ", roles.Roles)}.".Trim();
            }
            if (operation.RequestBody?.Content is { } requestContent && requestContent.TryGetValue("application/json", out var request)
                && operation.OperationId is { } operationId && RequestExamples.TryGetValue(operationId, out var requestExample))
            {
                request.Example = JsonNode.Parse(requestExample);
            }
            foreach (var (status, example) in ResponseExamples)
            {
                if (operation.Responses?.TryGetValue(status, out var response) == true && response.Content is { } content)
                {
                    foreach (var media in content.Values)
                    {
                        media.Example = JsonNode.Parse(example);
                    }
                }
            }
            return Task.CompletedTask;
        }));

    public static WebApplication MapRouterOpenApi(this WebApplication app)
    {
        // The API's description is public: it tells a client how to authenticate.
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference().AllowAnonymous();
        return app;
    }
}
