using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aggregator.Contracts;
using Aggregator.Logging.Storage;
using Aggregator.Logging.Storage.Elasticsearch;
using Aggregator.Tests.Infrastructure;
using Elastic.Clients.Elasticsearch;
using Microsoft.Extensions.Options;

namespace Aggregator.Tests.Integration.Logging;

/// <summary>
/// The Elasticsearch store against a local stub (always) and against a real cluster when
/// <c>ELASTICSEARCH_URL</c> is set (docker-compose gives one on http://localhost:9200).
/// </summary>
[Category("Integration")]
public class When_logs_are_stored_in_elasticsearch
{
    private static ReceivedLogEntry Entry(string traceId, string message) => new(new LogEntry
    {
        Timestamp = DateTimeOffset.UtcNow,
        Level = "Information",
        Service = "router",
        Message = message,
        TraceId = traceId,
        MessageId = Guid.NewGuid(),
        Properties = new Dictionary<string, JsonElement>
        {
            ["attempt"] = JsonSerializer.SerializeToElement(1),
            ["To"] = JsonSerializer.SerializeToElement("Retrying"),
            ["Channel"] = JsonSerializer.SerializeToElement("Email"),
        },
    }, DateTimeOffset.UtcNow);

    private static ElasticsearchLogStore Store(Uri url) =>
        new(new ElasticsearchClient(new ElasticsearchClientSettings(url)),
            Options.Create(new ElasticsearchOptions { Url = url.ToString(), DataStream = "aggregator-logs" }));

    [Test]
    public async Task Should_create_a_lifecycle_policy_and_an_index_template_with_explicit_mappings()
    {
        await using var stub = await ElasticsearchStub.StartAsync((_, _, _) => "{\"acknowledged\":true}");
        await Store(stub.Address).PrepareAsync(CancellationToken.None);

        var policy = stub.Requests.Single(r => r.Path == "/_ilm/policy/aggregator-logs-retention");
        var template = stub.Requests.Single(r => r.Path == "/_index_template/aggregator-logs");
        var mappings = JsonNode.Parse(template.Body)!["template"]!["mappings"]!["properties"]!;
        var rejected = JsonNode.Parse(stub.Requests.Single(r => r.Path == "/_index_template/aggregator-rejected-logs").Body)!;
        Assert.Multiple(() =>
        {
            Assert.That(policy.Method, Is.EqualTo("PUT"));
            Assert.That(JsonNode.Parse(policy.Body)!["policy"]!["phases"]!["delete"]!["min_age"]!.GetValue<string>(), Is.EqualTo("14d"));
            Assert.That(template.Method, Is.EqualTo("PUT"));
            Assert.That(JsonNode.Parse(template.Body)!["data_stream"], Is.Not.Null);
            Assert.That(mappings["traceId"]!["type"]!.GetValue<string>(), Is.EqualTo("keyword"));
            Assert.That(mappings["messageId"]!["type"]!.GetValue<string>(), Is.EqualTo("keyword"));
            Assert.That(mappings["service"]!["type"]!.GetValue<string>(), Is.EqualTo("keyword"));
            Assert.That(mappings["level"]!["type"]!.GetValue<string>(), Is.EqualTo("keyword"));
            Assert.That(mappings["@timestamp"]!["type"]!.GetValue<string>(), Is.EqualTo("date"));
            Assert.That(mappings["message"]!["type"]!.GetValue<string>(), Is.EqualTo("text"));
            Assert.That(mappings["properties"]!["type"]!.GetValue<string>(), Is.EqualTo("flattened"));
            foreach (var promoted in (string[])["state", "channel", "event"])
            {
                Assert.That(mappings[promoted]?["type"]?.GetValue<string>(), Is.EqualTo("keyword"), promoted);
            }
            Assert.That(JsonNode.Parse(template.Body)!["template"]!["mappings"]!["dynamic"]!.ToString(), Is.EqualTo("false"));
            Assert.That(rejected["data_stream"], Is.Not.Null);
            Assert.That(rejected["index_patterns"]!.ToJsonString(), Is.EqualTo("\"aggregator-rejected-logs\""));
            Assert.That(JsonNode.Parse(template.Body)!["template"]!["settings"]!["lifecycle"]!["name"]!.GetValue<string>(), Is.EqualTo("aggregator-logs-retention"));
            Assert.That(rejected["template"]!["mappings"]!["properties"]!["entry"]!["index"]!.GetValue<bool>(), Is.False);
        });
    }

    [Test]
    public async Task Should_bulk_create_and_say_which_lines_to_send_again_and_which_were_refused_for_good()
    {
        await using var stub = await ElasticsearchStub.StartAsync((_, _, _) => ElasticsearchStub.BulkAnswer(201, 429, 400));
        var entries = new[] { Entry("a", "first"), Entry("a", "second"), Entry("a", "third") };

        var result = await Store(stub.Address).WriteAsync(entries, CancellationToken.None);

        var bulk = stub.Requests.Single(r => r.Path == "/aggregator-logs/_bulk");
        var lines = bulk.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(6));
            Assert.That(lines[0], Is.EqualTo("{\"create\":{}}"));
            Assert.That(JsonNode.Parse(lines[1])!["@timestamp"], Is.Not.Null);
            Assert.That(JsonNode.Parse(lines[1])!["traceId"]!.GetValue<string>(), Is.EqualTo("a"));
            Assert.That(JsonNode.Parse(lines[1])!["state"]!.GetValue<string>(), Is.EqualTo("Retrying"));
            Assert.That(JsonNode.Parse(lines[1])!["channel"]!.GetValue<string>(), Is.EqualTo("Email"));
            Assert.That(JsonNode.Parse(lines[1])!["properties"]!["To"]!.GetValue<string>(), Is.EqualTo("Retrying"), "the properties keep it too");
            Assert.That(result.SendAgain.Select(line => line.Entry.Message), Is.EqualTo(new[] { "second" }));
            Assert.That(result.Refused.Select(r => r.Line.Entry.Message), Is.EqualTo(new[] { "third" }));
            Assert.That(result.Refused.Single().Reason, Does.StartWith("400 mapper_parsing_exception: failed to parse field"));
        });
    }

    [Test]
    public async Task Should_call_the_cluster_unavailable_when_it_cannot_be_reached_or_answers_503_and_a_refusal_when_it_answers_400()
    {
        var nobody = FreePorts.RefusingAddress();
        await using var overloaded = await ElasticsearchStub.StartAsync((_, _, _) => (503, "{}"));
        await using var refusing = await ElasticsearchStub.StartAsync((_, _, _) => (400, "{}"));
        var lines = new[] { Entry("a", "one") };

        Assert.Multiple(() =>
        {
            Assert.That(() => Store(nobody).WriteAsync(lines, CancellationToken.None), Throws.TypeOf<LogStoreUnavailableException>());
            Assert.That(() => Store(overloaded.Address).WriteAsync(lines, CancellationToken.None), Throws.TypeOf<LogStoreUnavailableException>());
            Assert.That(() => Store(refusing.Address).WriteAsync(lines, CancellationToken.None), Throws.TypeOf<InvalidOperationException>());
        });
    }

    [Test]
    public async Task Should_set_aside_and_count_a_line_refused_with_a_per_item_400_and_never_send_it_again()
    {
        await using var stub = await ElasticsearchStub.StartAsync((_, path, _) => path switch
        {
            "/aggregator-logs/_bulk" => ElasticsearchStub.BulkAnswer(400),
            "/aggregator-rejected-logs/_bulk" => ElasticsearchStub.BulkAnswer(201),
            _ => "{\"acknowledged\":true}",
        });
        using var logging = new LoggingHost(new Dictionary<string, string?> { ["Elasticsearch:Url"] = stub.Address.ToString() });
        using var client = logging.CreateClient();
        var traceId = LoggingApi.NewTraceId();

        await client.PostAsJsonAsync("/api/v1/logs", new { timestamp = DateTimeOffset.UtcNow, level = "Information", service = "router", message = "refused by the mapping", traceId });

        var deadLetter = await Eventually.Get(() =>
        {
            var request = stub.Requests.FirstOrDefault(r => r.Path == "/aggregator-rejected-logs/_bulk");
            return Task.FromResult((request.Body is not null, request.Body));
        }, TimeSpan.FromSeconds(15), "the refused line to be set aside");
        var document = JsonNode.Parse(deadLetter!.Split('\n')[1])!;
        var rejected = await client.RejectedLinesAsync(atLeast: 1);
        Assert.Multiple(() =>
        {
            Assert.That(document["error"]!.GetValue<string>(), Does.Contain("mapper_parsing_exception"));
            Assert.That(document["entry"]!.GetValue<string>(), Does.Contain("refused by the mapping").And.Contain(traceId));
            Assert.That(stub.Requests.Count(r => r.Path == "/aggregator-logs/_bulk"), Is.EqualTo(1));
            Assert.That(rejected, Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public async Task Should_search_with_filters_and_read_the_hits_back()
    {
        const string hits = """
            {"hits":{"hits":[{"_source":{"@timestamp":"2026-11-25T10:00:00.0000000Z","level":"Warning","service":"delivery",
              "message":"Attempt 1 failed","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","properties":{"attempt":1}}}]}}
            """;
        await using var stub = await ElasticsearchStub.StartAsync((_, _, _) => hits);

        var found = await Store(stub.Address).SearchAsync(new LogQuery(TraceId: "4bf92f3577b34da6a3ce929d0e0e4736", Level: "Warning", Text: "failed", State: "Retrying"), CancellationToken.None);

        var search = JsonNode.Parse(stub.Requests.Single(r => r.Path == "/aggregator-logs/_search").Body)!;
        Assert.Multiple(() =>
        {
            Assert.That(search["query"]!["bool"]!["filter"]!.ToJsonString(), 
                Does.Contain("{\"term\":{\"traceId\":{\"value\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}}}").And.Contain("{\"term\":{\"level\":{\"value\":\"Warning\"}}}"));
            Assert.That(search["query"]!["bool"]!["filter"]!.ToJsonString(), Does.Contain("{\"term\":{\"state\":{\"value\":\"Retrying\"}}}"));
            Assert.That(search["query"]!["bool"]!["must"]!.ToJsonString(), Does.Contain("failed"));
            Assert.That(search["sort"]!.ToJsonString(), Does.Contain("asc"));
            Assert.That(found.Single().Service, Is.EqualTo("delivery"));
            Assert.That(found.Single().Properties!["attempt"].GetInt32(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_store_and_find_a_line_in_a_real_cluster()
    {
        var url = Environment.GetEnvironmentVariable("ELASTICSEARCH_URL");
        if (string.IsNullOrEmpty(url))
        {
            Assert.Ignore("ELASTICSEARCH_URL is not set; no Elasticsearch cluster to test against here.");
        }
        var store = Store(new Uri(url));
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        await store.PrepareAsync(CancellationToken.None);
        await store.WriteAsync([Entry(traceId, "real cluster")], CancellationToken.None);

        var found = await Eventually.Get(async () =>
        {
            // Found through the promoted keyword fields too: the template the cluster took maps them.
            var entries = await store.SearchAsync(new LogQuery(TraceId: traceId, State: "Retrying", Channel: "Email"), CancellationToken.None);
            return (entries.Count == 1, entries);
        }, TimeSpan.FromSeconds(30), "the line to be searchable");
        Assert.That(found.Single().Message, Is.EqualTo("real cluster"));
    }
}
