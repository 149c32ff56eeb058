using System.Text.Json.Nodes;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Unit.Deploy;

/// <summary>docker-compose.yml read as Docker Compose reads it, with its services' settings in the forms the specs compare.</summary>
public sealed class ComposeFile
{
    private ComposeFile(JsonObject document) => Document = document;

    public JsonObject Document { get; }

    public IReadOnlyDictionary<string, JsonObject> Services =>
        Document["services"]!.AsObject().ToDictionary(service => service.Key, service => service.Value!.AsObject());

    public IReadOnlyCollection<string> NamedVolumes => [.. (Document["volumes"]?.AsObject() ?? []).Select(volume => volume.Key)];

    public static ComposeFile Read() => new(YamlAsJson.Parse(RepositoryFiles.ReadText("docker-compose.yml"))!.AsObject());

    /// <summary>Services whose image this repository builds (the three Aggregator services), as opposed to infrastructure.</summary>
    public static bool IsBuiltHere(JsonObject service) => service["build"] is not null;

    public static IReadOnlyDictionary<string, string> Environment(JsonObject service) => service["environment"] switch
    {
        JsonObject map => map.ToDictionary(variable => variable.Key, variable => variable.Value?.ToString() ?? ""),
        JsonArray list => list.Select(entry => entry!.GetValue<string>().Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : ""),
        _ => new Dictionary<string, string>(),
    };

    public static IReadOnlyList<PortMapping> Ports(JsonObject service) =>
        [.. (service["ports"]?.AsArray() ?? []).Select(port => PortMapping.From(port!))];

    /// <summary>The volumes as (source, target); a named volume's source is its name.</summary>
    public static IReadOnlyList<(string Source, string Target)> Volumes(JsonObject service) =>
        [.. (service["volumes"]?.AsArray() ?? []).Select(volume => volume switch
        {
            JsonObject mount => (mount["source"]?.ToString() ?? "", mount["target"]!.ToString()),
            _ => volume!.GetValue<string>().Split(':') is [var source, var target, ..] ? (source, target) : ("", volume.ToString()),
        })];

    /// <summary>The health check's command as one line, or null when the file declares none.</summary>
    public static string? HealthCheck(JsonObject service) => service["healthcheck"]?["test"] switch
    {
        JsonArray words => string.Join(' ', words.Select(word => word!.ToString())),
        JsonValue line => line.ToString(),
        _ => null,
    };

    /// <summary>Every text value in the file, wherever it stands.</summary>
    public IEnumerable<string> Texts() => Texts(Document);

    private static IEnumerable<string> Texts(JsonNode? node) => node switch
    {
        JsonObject map => map.SelectMany(entry => Texts(entry.Value)),
        JsonArray list => list.SelectMany(Texts),
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        _ => [],
    };
}

/// <summary>One published port: the host address (null for every interface), the host port and the container's.</summary>
public sealed record PortMapping(string? HostIp, string? Published, string Target)
{
    public static PortMapping From(JsonNode port) => port switch
    {
        JsonObject mapping => new(mapping["host_ip"]?.ToString(), mapping["published"]?.ToString(), mapping["target"]!.ToString()),
        _ => port.ToString().Split('/')[0].Split(':') switch
        {
            [var target] => new(null, null, target),
            [var published, var target] => new(null, published, target),
            [var hostIp, var published, var target] => new(hostIp, published, target),
            _ => throw new FormatException($"'{port}' is no port mapping this spec reads."),
        },
    };
}
