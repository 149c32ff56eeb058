using System.Net;
using System.Text;
using Aggregator.ServiceDefaults.Security;
using Aggregator.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Integration.Security;

/// <summary>
/// Every endpoint of every service × every role, generated from the endpoints the services really map: no key and an
/// unknown key are 401, a key without the endpoint's role 403, a key with it passes the door (whatever the endpoint then
/// answers). An endpoint that asks for no role and is not marked anonymous on purpose fails the first spec.
/// </summary>
[Category("Integration")]
public class When_an_endpoint_is_called_with_a_key
{
    private static readonly (string Name, string[] Roles)[] Keys = Roles.All.Select(role => (role, new[] { role })).ToArray();

    private static readonly Dictionary<string, string?> WithKeys = TestApiKeys.Settings(Keys);

    public static IEnumerable<TestCaseData> Services()
    {
        yield return new TestCaseData("router").SetArgDisplayNames("router");
        yield return new TestCaseData("delivery").SetArgDisplayNames("delivery");
        yield return new TestCaseData("logging").SetArgDisplayNames("logging");
    }

    [TestCaseSource(nameof(Services))]
    public void Should_ask_a_role_on_every_endpoint_or_say_why_not(string service)
    {
        using var host = Host(service);

        var unguarded = Endpoints(host)
            .Where(e => e.Metadata.GetMetadata<RequiredRoles>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(Describe)
            .ToList();

        Assert.That(unguarded, Is.Empty);
    }

    [TestCaseSource(nameof(Services))]
    public async Task Should_answer_401_403_or_let_in_as_each_key_deserves(string service)
    {
        using var host = Host(service);
        using var client = host.CreateClient();
        var table = new List<string>();
        var wrong = new List<string>();

        foreach (var endpoint in ApiEndpoints(host).Where(e => e.Metadata.GetMetadata<RequiredRoles>() is not null))
        {
            var required = endpoint.Metadata.GetMetadata<RequiredRoles>()!.Roles;
            foreach (var caller in new string?[] { null, "unknown" }.Concat(Roles.All))
            {
                var expected = caller switch
                {
                    null or "unknown" => "401",
                    _ when required.Contains(caller) => "in",
                    _ => "403",
                };
                using var response = await client.SendAsync(Request(endpoint).With(caller));
                var actual = response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => "401",
                    HttpStatusCode.Forbidden => "403",
                    _ => "in",
                };
                var line = $"{Describe(endpoint)} as {caller ?? "no key"}: {actual} ({(int)response.StatusCode})";
                table.Add(line);
                if (actual != expected
                    || (actual != "in" && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
                {
                    wrong.Add($"{line}, expected {expected} with problem details");
                }
            }
        }

        TestContext.Out.WriteLine(string.Join('\n', table));
        Assert.Multiple(() =>
        {
            Assert.That(table, Is.Not.Empty, "the service maps endpoints that ask for roles");
            Assert.That(wrong, Is.Empty);
        });
    }

    [TestCaseSource(nameof(Services))]
    public async Task Should_keep_health_and_metrics_open(string service)
    {
        using var host = Host(service);
        using var client = host.CreateClient();

        var health = await client.GetAsync("/health");
        var metrics = await client.GetAsync("/metrics");

        Assert.Multiple(() =>
        {
            Assert.That(health.StatusCode, Is.Not.EqualTo(HttpStatusCode.Unauthorized).And.Not.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(metrics.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    private static IServiceUnderTest Host(string service) => service switch
    {
        "router" => new RouterHost(WithKeys),
        "delivery" => new DeliveryHost(WithKeys),
        _ => new LoggingHost(WithKeys),
    };

    private static List<RouteEndpoint> Endpoints(IServiceUnderTest host) =>
        host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    private static List<RouteEndpoint> ApiEndpoints(IServiceUnderTest host) => Endpoints(host)
        .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
        .ToList();

    private static string Describe(RouteEndpoint endpoint) =>
        $"{string.Join(',', endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"])} {endpoint.RoutePattern.RawText}";

    /// <summary>A request the endpoint's route matches: a fresh GUID for a guid parameter, 32 hex digits for any other.</summary>
    private static HttpRequestMessage Request(RouteEndpoint endpoint)
    {
        var path = new StringBuilder();
        foreach (var segment in endpoint.RoutePattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternParameterPart { ParameterPolicies: var policies } when policies.Any(p => p.Content == "guid") => Guid.NewGuid().ToString(),
                    RoutePatternParameterPart => "0af7651916cd43dd8448eb211c80319c",
                    _ => "",
                });
            }
        }
        var method = new HttpMethod(endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? "GET");
        var request = new HttpRequestMessage(method, path.ToString());
        if (method == HttpMethod.Post || method == HttpMethod.Put)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        return request;
    }
}
