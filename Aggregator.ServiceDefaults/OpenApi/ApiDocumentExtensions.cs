using System.Text.Json.Nodes;
using Aggregator.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Aggregator.ServiceDefaults.OpenApi;

/// <summary>
/// Every service's OpenAPI document at <c>/openapi/v1.json</c> and its browsable reference at <c>/scalar</c> (served from
/// the package, no CDN): the X-Api-Key scheme, each operation's role from its <see cref="RequiredRoles"/>, and the
/// examples its endpoints carry (<see cref="ApiExampleExtensions"/>).
/// </summary>
public static class ApiDocumentExtensions
{
    private const string ApiKeyScheme = "ApiKey";

    public static IHostApplicationBuilder AddApiDocument(this IHostApplicationBuilder builder)
    {
        var title = $"Aggregator {ServiceName.Of(builder.Environment)}";
        builder.Services.AddOpenApi(options => options
            .AddDocumentTransformer((document, _, _) => Describe(document, title))
            .AddOperationTransformer((operation, context, _) => Describe(operation, context)));
        return builder;
    }

    public static WebApplication MapApiDocument(this WebApplication app)
    {
        // The API's description is public: it tells a client how to authenticate.
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference().AllowAnonymous();
        return app;
    }

    private static Task Describe(OpenApiDocument document, string title)
    {
        document.Info.Title = title;
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
    }

    private static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<RequiredRoles>().FirstOrDefault() is { } roles)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] }];
            operation.Description = $"{operation.Description} Needs an API key with the role: {string.Join(" or ", roles.Roles)}.".Trim();
        }
        if (metadata.OfType<RequestExample>().LastOrDefault() is { } request && operation.RequestBody?.Content is { } requestContent)
        {
            foreach (var media in requestContent.Values)
            {
                media.Example = JsonNode.Parse(request.Json);
            }
        }
        // The endpoint's own example wins over its group's: metadata is ordered from the group to the endpoint.
        foreach (var response in metadata.OfType<ResponseExample>())
        {
            if (operation.Responses?.TryGetValue(response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var described) == true
                && described.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    media.Example = JsonNode.Parse(response.Json);
                }
            }
        }
        return Task.CompletedTask;
    }
}
