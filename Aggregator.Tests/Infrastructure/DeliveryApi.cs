using System.Net;
using System.Text.Json;

namespace Aggregator.Tests.Infrastructure;

/// <summary>Reads the Delivery support API as support staff would.</summary>
public static class DeliveryApi
{
    public static async Task<JsonElement> WaitForStateAsync(this HttpClient delivery, Guid messageId, string state, TimeSpan timeout)
    {
        var lastSeen = "no answer yet";
        try
        {
            return await Eventually.Get(async () =>
            {
                var response = await delivery.GetAsync($"/api/v1/messages/{messageId}");
                lastSeen = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return (false, default);
                }
                var body = await response.JsonAsync();
                return (body.GetProperty("state").GetString() == state, body);
            }, timeout, $"message {messageId} to be {state}");
        }
        catch (TimeoutException timedOut)
        {
            // What the message was instead tells a lost message from a slow one.
            throw new TimeoutException($"{timedOut.Message} Last seen: {lastSeen}", timedOut);
        }
    }

    public static async Task<Guid> SubmitAsync(this HttpClient router, object message)
    {
        var response = await router.PostMessageAsync(message);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("messageId").GetGuid();
    }

    public static object Simulated(string simulate) => new
    {
        channel = "sms",
        recipient = "+14155552671",
        body = $"Simulated {simulate} {Guid.NewGuid():N}",
        metadata = new { simulate },
    };

    /// <summary>The gaps between one attempt's end and the next one's start, as stored.</summary>
    public static TimeSpan[] Gaps(JsonElement message)
    {
        var attempts = message.GetProperty("attemptHistory").EnumerateArray().ToList();
        return attempts.Zip(attempts.Skip(1), (earlier, later) =>
            later.GetProperty("startedAt").GetDateTimeOffset() - earlier.GetProperty("finishedAt").GetDateTimeOffset()).ToArray();
    }

    public static DateTimeOffset[] FinishedAt(JsonElement message) =>
        message.GetProperty("attemptHistory").EnumerateArray().Select(a => a.GetProperty("finishedAt").GetDateTimeOffset()).ToArray();

    /// <summary>A time as PostgreSQL keeps it: whole microseconds, the rest cut off.</summary>
    public static DateTimeOffset AsStored(DateTimeOffset time) => time.AddTicks(-(time.Ticks % 10));
}
