using System.Security.Cryptography;
using System.Text;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Aggregator.Tests.Infrastructure;

/// <summary>A client's webhook receiver on WireMock, in the test process: answers as a test sets them up and keeps every POST as it came.</summary>
public sealed class WebhookReceiver : IDisposable
{
    public const string Path = "/hooks/status";

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string Url => Server.Url + Path;

    /// <summary>One status per POST, in turn; the last one for every POST after.</summary>
    public WebhookReceiver Answers(params int[] statuses)
    {
        for (var i = 0; i < statuses.Length - 1; i++)
        {
            var request = Server.Given(Request.Create().WithPath(Path).UsingPost()).AtPriority(1).InScenario("answers");
            request = i == 0 ? request : request.WhenStateIs($"after-{i}");
            request.WillSetStateTo($"after-{i + 1}").RespondWith(Response.Create().WithStatusCode(statuses[i]));
        }
        // Out of any scenario, so it keeps answering once the turns above are used up.
        Server.Given(Request.Create().WithPath(Path).UsingPost()).AtPriority(2).RespondWith(Response.Create().WithStatusCode(statuses[^1]));
        return this;
    }

    /// <summary>302 to another path of the same server.</summary>
    public WebhookReceiver Redirects(string to)
    {
        Server.Given(Request.Create().WithPath(Path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", Server.Url + to));
        Server.Given(Request.Create().WithPath(to)).RespondWith(Response.Create().WithStatusCode(200));
        return this;
    }

    /// <summary>Every request to <paramref name="path"/>, in order.</summary>
    public IReadOnlyList<ReceivedWebhook> Received(string path = Path) => Server.LogEntries
        .Where(e => e.RequestMessage.Path == path)
        .Select(e => new ReceivedWebhook(
            e.RequestMessage.Headers!.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()!),
            e.RequestMessage.BodyAsBytes ?? []))
        .ToList();

    public void Dispose() => Server.Stop();
}

/// <summary>One POST as the receiver saw it: headers by lowercase name, the body's exact bytes.</summary>
public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Id => Headers["webhook-id"];

    public string Timestamp => Headers["webhook-timestamp"];

    /// <summary>
    /// Whether <c>webhook-signature</c> holds <c>v1,</c> + base64 HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>, keyed with
    /// the secret's bytes after <c>whsec_</c>: computed here, without the library the service signs with.
    /// </summary>
    public bool IsSignedWith(string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{Id}.{Timestamp}.").Concat(Body).ToArray();
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
        return Headers["webhook-signature"].Split(' ').Contains(expected);
    }
}
