using System.Text.Json;

namespace Aggregator.Tests.Infrastructure;

public static class Responses
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
