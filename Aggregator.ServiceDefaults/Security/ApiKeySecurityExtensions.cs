using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregator.ServiceDefaults.Security;

public static class ApiKeySecurityExtensions
{
    /// <summary>API-key authentication as the default scheme; endpoints name their roles with <see cref="RequireRole"/>.</summary>
    public static IHostApplicationBuilder AddApiKeySecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ApiKeyOptions>(ApiKeyOptions.Section);
        builder.Services.AddSingleton<ApiKeyRing>();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>Authentication and authorization in the pipeline; a warning when no key is configured and everything is open.</summary>
    public static WebApplication UseApiKeySecurity(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ApiKeyRing>().IsOpen)
        {
            app.Logger.LogWarning("No API key is configured (Security:ApiKeys): every endpoint is open to anyone who can reach it, with every role");
        }
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Only callers whose key has one of <paramref name="roles"/>: 401 without a valid key, 403 without the role.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder endpoints, params string[] roles)
        where TBuilder : IEndpointConventionBuilder =>
        endpoints
            .RequireAuthorization(policy => policy.RequireRole(roles))
            .WithMetadata(new RequiredRoles(roles))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}

/// <summary>The roles an endpoint asks for, readable from its metadata (API documents and the access-control specs list them).</summary>
public sealed record RequiredRoles(IReadOnlyList<string> Roles);
