using System.Text.Json;
using Aggregator.Logging.Ingestion;

namespace Aggregator.Tests.Unit.Logging;

public class When_a_log_entry_is_checked
{
    [Test]
    public void Should_accept_an_entry_of_the_contract_shape() => Assert.That(
        LogEntryShape.Problems(JsonDocument.Parse("""
            {"timestamp":"2026-11-25T10:00:00Z","level":"Information","service":"router","message":"hi",
             "traceId":"0af7651916cd43dd8448eb211c80319c","properties":{"a":1}}
            """).RootElement),
        Is.Empty);

    [Test]
    public void Should_accept_lone_surrogate_escapes_in_text_for_the_sanitizer_to_replace() => Assert.That(
        LogEntryShape.Problems(JsonDocument.Parse("""
            {"timestamp":"2026-11-25T10:00:00Z","level":"Information","service":"router","message":"\ud800",
             "properties":{"\udc00":"\ud800"}}
            """).RootElement),
        Is.Empty);

    [TestCase("""{"level":"Information","service":"router","message":"hi"}""", "timestamp")]
    [TestCase("""{"timestamp":"yesterday","level":"Information","service":"router","message":"hi"}""", "ISO 8601")]
    [TestCase("""{"timestamp":"2026-11-25T10:00:00Z","level":"","service":"router","message":"hi"}""", "level")]
    [TestCase("""{"timestamp":"2026-11-25T10:00:00Z","level":"Information","service":"router","message":"hi","properties":[1]}""", "properties")]
    [TestCase("[]", "JSON object")]
    [TestCase("""{"timestamp":"2026\ud800","level":"Information","service":"router","message":"hi"}""", "ISO 8601")]
    [TestCase("""{"timestamp":"2026-11-25T10:00:00Z","level":"Information","service":"router","message":"hi","messageId":"\ud800"}""", "UUID")]
    public void Should_name_what_is_wrong(string json, string problem) =>
        Assert.That(LogEntryShape.Problems(JsonDocument.Parse(json).RootElement), Has.Some.Contains(problem));
}
