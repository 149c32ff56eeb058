using System.Text.Json;
using Aggregator.ServiceDefaults.Text;

namespace Aggregator.Delivery.Webhooks;

/// <summary>
/// A registration as the client sent it, <c>{ "url", "events": [...] }</c>, read and checked field by field: every
/// problem is named under its field, and no body, however odd, gets further than <see cref="Errors"/>.
/// </summary>
public sealed class WebhookRegistration
{
    private static readonly JsonDocumentOptions Reading = new() { MaxDepth = 8 };

    private WebhookRegistration()
    {
    }

    public Uri? Url { get; private set; }

    public IReadOnlyList<string> Events { get; private set; } = [];

    public Dictionary<string, string[]> Errors { get; } = [];

    public static WebhookRegistration Read(ReadOnlyMemory<byte> body)
    {
        var registration = new WebhookRegistration();
        try
        {
            using var document = JsonDocument.Parse(body, Reading);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                registration.Fail("body", "The body must be a JSON object with url and events.");
                return registration;
            }
            registration.ReadUrl(document.RootElement);
            registration.ReadEvents(document.RootElement);
        }
        catch (JsonException)
        {
            registration.Fail("body", "The body is not valid JSON (UTF-8, at most 8 levels deep).");
        }
        return registration;
    }

    private void ReadUrl(JsonElement root)
    {
        if (!root.TryGetProperty("url", out var value) || value.ValueKind != JsonValueKind.String)
        {
            Fail("url", "url is required and must be a string.");
            return;
        }
        var text = Text(value);
        if (text is null || !StorableText.IsStorable(text))
        {
            Fail("url", StorableText.Rule("url"));
        }
        else if (text.Length > WebhookEndpointMap.LongestUrl)
        {
            Fail("url", $"url must be at most {WebhookEndpointMap.LongestUrl} characters.");
        }
        else if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || string.IsNullOrEmpty(url.Host))
        {
            Fail("url", "url must be an absolute http or https URL.");
        }
        else if (url.UserInfo.Length > 0)
        {
            Fail("url", "url must not hold a user name or password; put a token in the path or query instead.");
        }
        else
        {
            Url = url;
        }
    }

    private void ReadEvents(JsonElement root)
    {
        if (!root.TryGetProperty("events", out var value) || value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            Fail("events", "events is required: a non-empty array of event types.");
            return;
        }
        var events = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            var type = item.ValueKind == JsonValueKind.String ? Text(item) : null;
            if (type is null || !WebhookEvents.IsKnown(type))
            {
                Fail("events", $"Each event must be one of {string.Join(", ", WebhookEvents.All)}.");
                return;
            }
            if (!events.Contains(type))
            {
                events.Add(type);
            }
        }
        Events = events;
    }

    /// <summary>The string, or null when it holds an escaped lone surrogate, which has no string form.</summary>
    private static string? Text(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private void Fail(string field, string problem) => Errors[field] = [problem];
}
