using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aggregator.ServiceDefaults.Security;

/// <summary>
/// ASP.NET Core authentication by <c>X-Api-Key</c>: the caller is the key's name with the key's roles. While no key is
/// configured every caller is <see cref="Anonymous"/> with every role. A missing or unknown key is answered 401, a key
/// without the endpoint's role 403, both as RFC 9457 problem details.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRing keys,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public const string Anonymous = "anonymous";

    private static readonly AuthenticateResult Open = AuthenticateResult.Success(new AuthenticationTicket(
        Principal(Anonymous, Roles.All), SchemeName));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (keys.IsOpen)
        {
            return Task.FromResult(Open);
        }
        var presented = Request.Headers[ApiKeyRing.Header];
        if (presented.Count == 0 || string.IsNullOrEmpty(presented[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (presented.Count > 1 || keys.Find(presented[0]!) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(Principal(key.Name, key.Roles), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = ApiKeyRing.Header;
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "A valid API key is required.",
            $"Send a valid key in the {ApiKeyRing.Header} header.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "This API key may not do this.",
            $"The key '{Context.User.Identity?.Name}' lacks the role this endpoint needs.");

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    private static ClaimsPrincipal Principal(string name, IEnumerable<string> roles) => new(new ClaimsIdentity(
        roles.Select(role => new Claim(ClaimTypes.Role, role)).Prepend(new Claim(ClaimTypes.Name, name)), SchemeName));
}
