using System.Text.Json;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Aggregator.Tests.Infrastructure;

/// <summary>Meta's WhatsApp Cloud API on WireMock, in the test process: one phone number, answers as a test sets them up.</summary>
public sealed class WhatsAppCloudStub : IDisposable
{
    public const string ApiVersion = "v21.0";

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string PhoneNumberId { get; } = Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string AccessToken { get; } = $"EAAG{Guid.NewGuid():N}";

    public string AppSecret { get; } = $"secret-{Guid.NewGuid():N}";

    public string VerifyToken { get; } = $"verify-{Guid.NewGuid():N}";

    public string MessagesPath => $"/{ApiVersion}/{PhoneNumberId}/messages";

    public void Accepts(string id, string? bodyContaining = null)
    {
        var request = Request.Create().WithPath(MessagesPath).UsingPost();
        Server.Given(bodyContaining is null ? request : request.WithBody(new WildcardMatcher($"*{bodyContaining}*"))).RespondWith(Response.Create()
            .WithStatusCode(200)
            .WithBodyAsJson(new { messaging_product = "whatsapp", contacts = new[] { new { input = "+14155552671", wa_id = "14155552671" } }, messages = new[] { new { id } } }));
    }

    /// <summary>200 with <paramref name="body"/> as it is: an answer of a shape the API does not document.</summary>
    public void AcceptsWithBody(string body) =>
        Server.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Response.Create()
            .WithStatusCode(200)
            .WithHeader("Content-Type", "application/json")
            .WithBody(body));

    /// <summary>A Graph API error, as Meta sends throttling: a 400 whose <c>error.code</c> says what happened.</summary>
    public void Fails(int status, int code) =>
        Server.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Response.Create()
            .WithStatusCode(status)
            .WithBodyAsJson(new { error = new { message = $"Stubbed Graph error {code}", type = "OAuthException", code, fbtrace_id = "Atest" } }));

    public IReadOnlyList<JsonElement> PostedBodies => Server.LogEntries
        .Where(e => e.RequestMessage.Path == MessagesPath)
        .Select(e => JsonDocument.Parse(e.RequestMessage.Body!).RootElement)
        .ToList();

    public IReadOnlyList<string> AuthorizationHeaders => Server.LogEntries
        .Where(e => e.RequestMessage.Path == MessagesPath)
        .Select(e => e.RequestMessage.Headers!["Authorization"].ToString())
        .ToList();

    public Dictionary<string, string?> Settings(int index, string name) => new()
    {
        [$"Channels:Whatsapp:Providers:{index}:Type"] = "WhatsAppCloud",
        [$"Channels:Whatsapp:Providers:{index}:Name"] = name,
        [$"Channels:Whatsapp:Providers:{index}:BaseUrl"] = Server.Url,
        [$"Channels:Whatsapp:Providers:{index}:ApiVersion"] = ApiVersion,
        [$"Channels:Whatsapp:Providers:{index}:PhoneNumberId"] = PhoneNumberId,
        [$"Channels:Whatsapp:Providers:{index}:AccessToken"] = AccessToken,
        [$"Channels:Whatsapp:Providers:{index}:AppSecret"] = AppSecret,
        [$"Channels:Whatsapp:Providers:{index}:VerifyToken"] = VerifyToken,
    };

    public void Dispose() => Server.Stop();
}
