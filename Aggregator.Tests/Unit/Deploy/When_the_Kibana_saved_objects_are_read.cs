using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aggregator.Logging.Storage.Elasticsearch;
using Aggregator.Tests.Infrastructure;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport.Extensions;

namespace Aggregator.Tests.Unit.Deploy;

/// <summary>
/// No Kibana runs here, so deploy/kibana/saved-objects.ndjson is checked against the index template the store sends:
/// a chart on a field Kibana cannot aggregate (text, or inside <c>flattened</c>) shows nothing, and a query on a field
/// the template does not map finds nothing.
/// </summary>
public partial class When_the_Kibana_saved_objects_are_read
{
    private static readonly string[] Aggregatable = ["keyword", "date", "long", "integer", "double", "boolean", "ip"];

    private static readonly List<JsonObject> SavedObjects = RepositoryFiles.ReadText("deploy/kibana/saved-objects.ndjson")
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => JsonNode.Parse(line)!.AsObject())
        .ToList();

    /// <summary>Field name → mapping type, as the typed client serialises the template for the cluster.</summary>
    private static readonly Dictionary<string, string> Mapped = JsonNode.Parse(
            new ElasticsearchClient().RequestResponseSerializer.SerializeToString(ElasticsearchDocuments.IndexTemplate("aggregator-logs")))!
        ["template"]!["mappings"]!["properties"]!.AsObject()
        .ToDictionary(field => field.Key, field => field.Value!["type"]!.GetValue<string>());

    private static IEnumerable<JsonObject> OfType(string type) => SavedObjects.Where(o => o["type"]!.GetValue<string>() == type);

    private static JsonNode Embedded(JsonObject savedObject, params string[] path) =>
        JsonNode.Parse(path.Aggregate((JsonNode)savedObject["attributes"]!, (node, key) => node[key]!).GetValue<string>())!;

    private static string Query(JsonObject savedObject) => Embedded(savedObject, "kibanaSavedObjectMeta", "searchSourceJSON")["query"]!["query"]!.GetValue<string>();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"(?<field>[\w@.]+)\s*:")]
    private static partial Regex KqlField();

    [Test]
    public void Should_chart_only_fields_the_template_maps_as_aggregatable()
    {
        var charted = OfType("visualization")
            .SelectMany(visualization => Embedded(visualization, "visState")["aggs"]!.AsArray())
            .Select(agg => agg!["params"]?["field"]?.GetValue<string>())
            .OfType<string>()
            .ToList();

        Assert.That(charted, Is.SupersetOf(new[] { "state", "channel", "service", "@timestamp" }));
        Assert.That(charted.Where(field => !Aggregatable.Contains(Mapped.GetValueOrDefault(field))), Is.Empty,
            "charted fields that are not aggregatable in the index template");
    }

    [Test]
    public void Should_query_and_show_only_fields_the_template_maps()
    {
        var queried = OfType("visualization").Concat(OfType("search"))
            .SelectMany(savedObject => KqlField().Matches(Quoted().Replace(Query(savedObject), "")).Select(match => match.Groups["field"].Value));
        var shown = OfType("search").SelectMany(search => search["attributes"]!["columns"]!.AsArray().Select(column => column!.GetValue<string>()));

        Assert.That(queried.Concat(shown).Where(field => !Mapped.ContainsKey(field)), Is.Empty, "fields the index template does not map");
    }

    [Test]
    public void Should_look_up_no_particular_trace_in_the_saved_search()
    {
        var lookup = OfType("search").Single(search => search["id"]!.GetValue<string>() == "aggregator-trace-lookup");

        Assert.That(Query(lookup), Does.Not.Match("[0-9a-f]{32}"));
    }

    [Test]
    public void Should_reference_only_saved_objects_in_the_file()
    {
        var ids = SavedObjects.Select(o => (o["type"]!.GetValue<string>(), o["id"]!.GetValue<string>())).ToHashSet();
        var references = SavedObjects.SelectMany(o => o["references"]!.AsArray())
            .Select(reference => (reference!["type"]!.GetValue<string>(), reference["id"]!.GetValue<string>()));

        Assert.That(references.Where(reference => !ids.Contains(reference)), Is.Empty);
    }
}
