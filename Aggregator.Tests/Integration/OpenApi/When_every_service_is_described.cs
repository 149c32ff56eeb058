using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.OpenApi;

/// <summary>
/// Each service's <c>/openapi/v1.json</c> against CONTRACT.md: every endpoint with the status codes the contract gives it
/// (and 401/403 where it asks for a role), described for the API's users, and a reference page at <c>/scalar</c>.
/// </summary>
[Category("Integration")]
public partial class When_every_service_is_described
{
    // From CONTRACT.md; 401 and 403 wherever the endpoint needs a key ("Access control").
    private static readonly (string Service, string Method, string Path, int[] Statuses)[] Contract =
    [
        ("router", "post", "/api/v1/messages", [202, 400, 401, 403, 409, 413, 415, 422, 429, 503]),
        ("router", "post", "/api/v1/messages/batch", [200, 400, 401, 403, 413, 415, 429]),
        ("delivery", "get", "/api/v1/messages", [200, 400, 401, 403]),
        ("delivery", "get", "/api/v1/messages/{messageId}", [200, 401, 403, 404]),
        ("delivery", "post", "/api/v1/messages/{messageId}/redrive", [202, 401, 403, 409]),
        ("delivery", "delete", "/api/v1/messages/{messageId}", [202, 401, 403, 409]),
        ("delivery", "post", "/api/v1/webhooks", [201, 400, 401, 403]),
        ("delivery", "get", "/api/v1/webhooks", [200, 401, 403]),
        ("delivery", "delete", "/api/v1/webhooks/{id}", [401, 403, 404]),
        ("delivery", "post", "/api/v1/receipts/twilio", [200, 401]),
        ("delivery", "get", "/api/v1/receipts/whatsapp", [200, 403]),
        ("delivery", "post", "/api/v1/receipts/whatsapp", [200, 401]),
        ("logging", "post", "/api/v1/logs", [202, 400, 401, 403]),
        ("logging", "get", "/api/v1/logs", [200, 401, 403]),
        ("logging", "get", "/api/v1/traces/{traceId}", [200, 401, 403]),
    ];

    private static readonly string[] Services = ["router", "delivery", "logging"];

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private readonly Dictionary<string, JsonElement> documents = [];

    private readonly Dictionary<string, (HttpStatusCode Status, string Page, HttpStatusCode Script)> references = [];

    [OneTimeSetUp]
    public async Task Read_every_service_s_document_and_reference_page()
    {
        foreach (var service in Services)
        {
            using IServiceUnderTest host = service switch
            {
                "router" => new RouterHost(),
                "delivery" => new DeliveryHost(),
                _ => new LoggingHost(),
            };
            using var client = host.CreateClient();
            documents[service] = await (await client.GetAsync("/openapi/v1.json")).JsonAsync();
            using var page = await client.GetAsync("/scalar");
            using var script = await client.GetAsync("/scalar/scalar.js");
            references[service] = (page.StatusCode, await page.Content.ReadAsStringAsync(), script.StatusCode);
        }
    }

    public static IEnumerable<TestCaseData> Endpoints() => Contract.Select(endpoint =>
        new TestCaseData(endpoint.Service, endpoint.Method, endpoint.Path, endpoint.Statuses)
            .SetArgDisplayNames(endpoint.Service, endpoint.Method.ToUpperInvariant(), endpoint.Path));

    public static IEnumerable<TestCaseData> EveryService() => Services.Select(service => new TestCaseData(service).SetArgDisplayNames(service));

    [TestCaseSource(nameof(Endpoints))]
    public void Should_describe_the_endpoint_with_every_status_code_of_the_contract(string service, string method, string path, int[] statuses)
    {
        Assert.That(documents[service].GetProperty("paths").TryGetProperty(path, out var item) && item.TryGetProperty(method, out _),
            $"{method.ToUpperInvariant()} {path} is not in {service}'s document");
        var responses = item.GetProperty(method).GetProperty("responses").EnumerateObject().Select(response => response.Name);
        Assert.That(responses, Is.SupersetOf(statuses.Select(status => status.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [TestCaseSource(nameof(EveryService))]
    public void Should_give_every_operation_a_summary_and_a_description(string service)
    {
        var undescribed = Operations(service)
            .Where(operation => Text(operation.Operation, "summary").Length == 0 || Text(operation.Operation, "description").Length < 40)
            .Select(operation => operation.Name);
        Assert.That(undescribed, Is.Empty);
    }

    [TestCaseSource(nameof(EveryService))]
    public void Should_name_no_type_of_the_code_to_the_api_s_users(string service)
    {
        var named = Operations(service)
            .SelectMany(operation => new[] { Text(operation.Operation, "summary"), Text(operation.Operation, "description") }
                .SelectMany(text => TypeName().Matches(text)).Select(match => $"{operation.Name}: {match.Value}"));
        Assert.That(named, Is.Empty);
    }

    [TestCaseSource(nameof(EveryService))]
    public void Should_say_for_each_code_when_it_is_answered_and_show_example_bodies(string service)
    {
        var unexplained = new List<string>();
        foreach (var (name, operation) in Operations(service))
        {
            var description = Text(operation, "description");
            foreach (var response in operation.GetProperty("responses").EnumerateObject())
            {
                // 401 and 403 are the key's, said once in the security scheme and the role the description names.
                if (response.Name is not ("401" or "403") && !description.Contains($"{response.Name}:", StringComparison.Ordinal))
                {
                    unexplained.Add($"{name}: {response.Name} not explained");
                }
                if (response.Name.StartsWith('2') && JsonContent(response.Value).Any(media => !media.TryGetProperty("example", out _)))
                {
                    unexplained.Add($"{name}: no example of the {response.Name} body");
                }
            }
            if (operation.TryGetProperty("requestBody", out var request) && JsonContent(request).Any(media => !media.TryGetProperty("example", out _)))
            {
                unexplained.Add($"{name}: no example of the request body");
            }
        }
        Assert.That(unexplained, Is.Empty);
    }

    [TestCaseSource(nameof(EveryService))]
    public void Should_ask_operations_that_need_a_role_for_the_api_key(string service) => Assert.Multiple(() =>
    {
        Assert.That(documents[service].GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString(),
            Is.EqualTo("X-Api-Key"));
        var keyed = Operations(service).Where(operation => Text(operation.Operation, "description").Contains("Needs an API key with the role", StringComparison.Ordinal))
            .ToList();
        Assert.That(keyed, Is.Not.Empty);
        Assert.That(keyed.Where(operation => !operation.Operation.TryGetProperty("security", out _)).Select(operation => operation.Name), Is.Empty);
    });

    [TestCaseSource(nameof(EveryService))]
    public void Should_serve_the_reference_page_from_the_service_itself(string service) => Assert.Multiple(() =>
    {
        Assert.That(references[service].Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(references[service].Page, Does.Contain("\"openapi/v1.json\"").And.Contain("<script src=\"scalar.js\">"));
        Assert.That(ExternalScript().Matches(references[service].Page).Select(script => script.Value), Is.Empty);
        Assert.That(references[service].Script, Is.EqualTo(HttpStatusCode.OK), "the page's script, from the package");
    });

    private IEnumerable<(string Name, JsonElement Operation)> Operations(string service) =>
        documents[service].GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(operation => Methods.Contains(operation.Name))
            .Select(operation => ($"{operation.Name.ToUpperInvariant()} {path.Name}", operation.Value)));

    private static string Text(JsonElement operation, string property) =>
        operation.TryGetProperty(property, out var text) ? text.GetString() ?? "" : "";

    private static IEnumerable<JsonElement> JsonContent(JsonElement described) =>
        described.TryGetProperty("content", out var content)
            ? content.EnumerateObject().Where(media => media.Name.Contains("json", StringComparison.Ordinal)).Select(media => media.Value)
            : [];

    // A C# type's name: two or more capitalised parts ending the way our handlers, bodies and results are named.
    [GeneratedRegex(@"\b(?:[A-Z][a-z0-9]+)+(?:Api|Request|Response|Results?|Reader|Handler|Options|Outcome|View|Body|Host|Store)\b")]
    private static partial Regex TypeName();

    [GeneratedRegex(@"<script[^>]+src=""(?:https?:)?//[^""]*""")]
    private static partial Regex ExternalScript();
}
