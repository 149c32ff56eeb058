using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Aggregator.Tests.Infrastructure;

/// <summary>Twilio's Messages API on WireMock, in the test process: one account, answers as a test sets them up.</summary>
public sealed class TwilioStub : IDisposable
{
    public WireMockServer Server { get; } = WireMockServer.Start();

    public string AccountSid { get; } = $"AC{Guid.NewGuid():N}";

    public string AuthToken { get; } = $"token-{Guid.NewGuid():N}";

    public string MessagesPath => $"/2010-04-01/Accounts/{AccountSid}/Messages.json";

    /// <summary>201 with <paramref name="sid"/>, for every message or only those whose form contains <paramref name="bodyContaining"/>.</summary>
    public void Accepts(string sid, string? bodyContaining = null) =>
        Server.Given(Messages(bodyContaining)).RespondWith(Response.Create()
            .WithStatusCode(201)
            .WithBodyAsJson(new { sid, status = "queued", account_sid = AccountSid }));

    /// <summary>A Twilio error: <c>{"code", "message", "status"}</c>, with <c>Retry-After</c> when given.</summary>
    public void Fails(int status, int code = 20500, TimeSpan? retryAfter = null, string? scenario = null, string? nextState = null)
    {
        var request = Server.Given(Messages(null));
        var response = Response.Create()
            .WithStatusCode(status)
            .WithBodyAsJson(new { code, message = $"Stubbed failure {status}", status });
        if (retryAfter is { } wait)
        {
            response = response.WithHeader("Retry-After", ((int)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }
        if (scenario is null)
        {
            request.RespondWith(response);
        }
        else
        {
            request.InScenario(scenario).WillSetStateTo(nextState ?? "next").RespondWith(response);
        }
    }

    /// <summary>Answers 201 only after <paramref name="delay"/>: a provider that hangs.</summary>
    public void Hangs(TimeSpan delay) =>
        Server.Given(Messages(null)).RespondWith(Response.Create()
            .WithDelay(delay)
            .WithStatusCode(201)
            .WithBodyAsJson(new { sid = "SMlate", status = "queued" }));

    /// <summary>201 with <paramref name="sid"/> once <paramref name="scenario"/> is in <paramref name="state"/>.</summary>
    public void AcceptsOnceIn(string scenario, string state, string sid) =>
        Server.Given(Messages(null)).AtPriority(1).InScenario(scenario).WhenStateIs(state).RespondWith(Response.Create()
            .WithStatusCode(201)
            .WithBodyAsJson(new { sid, status = "queued" }));

    /// <summary>The forms of the messages posted, in order.</summary>
    public IReadOnlyList<Dictionary<string, StringValues>> PostedForms => Server.LogEntries
        .Where(e => e.RequestMessage.Path == MessagesPath)
        .Select(e => QueryHelpers.ParseQuery(e.RequestMessage.Body))
        .ToList();

    public IReadOnlyList<string> AuthorizationHeaders => Server.LogEntries
        .Where(e => e.RequestMessage.Path == MessagesPath)
        .Select(e => e.RequestMessage.Headers!["Authorization"].ToString())
        .ToList();

    /// <summary>The settings of this account as entry <paramref name="index"/> of <paramref name="channel"/>'s provider list.</summary>
    public Dictionary<string, string?> Settings(string channel, int index, string name, string from = "+15005550006") => new()
    {
        [$"Channels:{channel}:Providers:{index}:Type"] = "Twilio",
        [$"Channels:{channel}:Providers:{index}:Name"] = name,
        [$"Channels:{channel}:Providers:{index}:BaseUrl"] = Server.Url,
        [$"Channels:{channel}:Providers:{index}:AccountSid"] = AccountSid,
        [$"Channels:{channel}:Providers:{index}:AuthToken"] = AuthToken,
        [$"Channels:{channel}:Providers:{index}:From"] = from,
    };

    public void Dispose() => Server.Stop();

    private IRequestBuilder Messages(string? bodyContaining)
    {
        var request = Request.Create().WithPath(MessagesPath).UsingPost();
        return bodyContaining is null ? request : request.WithBody(new WildcardMatcher($"*{bodyContaining}*"));
    }
}
