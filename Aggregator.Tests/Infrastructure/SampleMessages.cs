using System.Net.Http.Json;

namespace Aggregator.Tests.Infrastructure;

/// <summary>Message bodies for HTTP tests; each call gives unique content so de-duplication never interferes.</summary>
public static class SampleMessages
{
    public static object Email(string? body = null) => new
    {
        channel = "email",
        recipient = "jane@example.com",
        subject = "Hi",
        body = body ?? $"Hello Jane {Guid.NewGuid():N}",
        metadata = new { orderId = "A-1" },
    };

    public static object Sms(string? body = null) => new
    {
        channel = "sms",
        recipient = "+14155552671",
        body = body ?? $"Your code is {Guid.NewGuid():N}",
    };

    /// <summary>A well-formed address of exactly <paramref name="length"/> characters, unique per call.</summary>
    public static string EmailAddressOfLength(int length)
    {
        var unique = $"{Guid.NewGuid():N}@example.com";
        return new string('j', length - unique.Length) + unique;
    }

    public static Task<HttpResponseMessage> PostMessageAsync(this HttpClient router, object message) =>
        router.PostAsJsonAsync("/api/v1/messages", message);
}
