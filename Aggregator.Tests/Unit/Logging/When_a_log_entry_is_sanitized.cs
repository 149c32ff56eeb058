using System.Text.Json;
using Aggregator.Contracts;
using Aggregator.Logging.Ingestion;

namespace Aggregator.Tests.Unit.Logging;

public class When_a_log_entry_is_sanitized
{
    private static LogEntry Read(string json) => JsonSerializer.Deserialize<LogEntry>(json, LogEntryJson.Options)!;

    private static LogEntry Entry(string message, Dictionary<string, JsonElement>? properties = null) => new()
    {
        Timestamp = DateTimeOffset.UtcNow,
        Level = "Information",
        Service = "router",
        Message = message,
        Properties = properties,
    };

    [Test]
    public void Should_replace_nul_in_the_message_and_in_property_names_and_values()
    {
        var entry = LogEntrySanitizer.Sanitize(Read("""
            {"timestamp":"2026-11-25T10:00:00Z","level":"Information","service":"router","message":"a\u0000b",
             "properties":{"k\u0000":"v\u0000","nested":{"deep\u0000":["x\u0000",1]}}}
            """));

        Assert.Multiple(() =>
        {
            Assert.That(entry.Message, Is.EqualTo("a\uFFFDb"));
            Assert.That(entry.Properties!["k\uFFFD"].GetString(), Is.EqualTo("v\uFFFD"));
            Assert.That(entry.Properties["nested"].GetProperty("deep\uFFFD")[0].GetString(), Is.EqualTo("x\uFFFD"));
            Assert.That(JsonSerializer.Serialize(entry.Properties), Does.Not.Contain("\\u0000"));
        });
    }

    [Test]
    public void Should_read_and_replace_lone_surrogate_escapes_anywhere()
    {
        var entry = LogEntrySanitizer.Sanitize(Read("""
            {"timestamp":"2026-11-25T10:00:00Z","level":"Information","service":"router","message":"a\ud800b\udc00",
             "exception":"\ud83d\ude00 kept","properties":{"k\ud800":"v\udfff","list":["\ud800"]}}
            """));

        Assert.Multiple(() =>
        {
            Assert.That(entry.Message, Is.EqualTo("a\uFFFDb\uFFFD"));
            Assert.That(entry.Exception, Is.EqualTo("\U0001F600 kept"));
            Assert.That(entry.Properties!["k\uFFFD"].GetString(), Is.EqualTo("v\uFFFD"));
            Assert.That(entry.Properties["list"][0].GetString(), Is.EqualTo("\uFFFD"));
        });
    }

    [Test]
    public void Should_keep_ordinary_escapes()
    {
        var entry = Read("""
            {"timestamp":"2026-11-25T10:00:00Z","level":"Information","service":"router","message":"tab\there \"quoted\" back\\slash \u00e9 \/"}
            """);
        Assert.That(LogEntrySanitizer.Sanitize(entry).Message, Is.EqualTo("tab\there \"quoted\" back\\slash é /"));
    }

    [Test]
    public void Should_cut_a_long_message_at_its_cap_with_a_marker()
    {
        var message = LogEntrySanitizer.Sanitize(Entry(new string('x', LogEntrySanitizer.MessageCap * 2))).Message;
        Assert.Multiple(() =>
        {
            Assert.That(message, Has.Length.EqualTo(LogEntrySanitizer.MessageCap));
            Assert.That(message, Does.EndWith(LogText.Marker));
        });
    }

    [Test]
    public void Should_not_split_a_surrogate_pair_where_it_cuts()
    {
        var text = new string('x', 20 - LogText.Marker.Length - 1) + "\U0001F600" + new string('y', 15);
        var cut = Aggregator.ServiceDefaults.Text.StorableText.Clean(text, 20, LogText.Marker);
        Assert.That(cut, Is.EqualTo(new string('x', 20 - LogText.Marker.Length - 1) + LogText.Marker));
    }

    [Test]
    public void Should_leave_out_properties_past_the_cap_and_say_how_many()
    {
        var properties = Enumerable.Range(0, 40).ToDictionary(i => $"p{i}", _ => JsonSerializer.SerializeToElement(new string('v', 1000)));
        var kept = LogEntrySanitizer.Sanitize(Entry("many", properties)).Properties!;

        Assert.Multiple(() =>
        {
            Assert.That(JsonSerializer.Serialize(kept), Has.Length.LessThanOrEqualTo(LogEntrySanitizer.PropertiesCap));
            Assert.That(kept["p0"].GetString(), Has.Length.EqualTo(1000));
            Assert.That(kept[LogEntrySanitizer.TruncatedProperty].GetString(), Does.StartWith($"{40 - (kept.Count - 1)} properties left out"));
        });
    }

    [Test]
    public void Should_leave_a_clean_entry_as_it_was()
    {
        var entry = Entry("plain \U0001F600", new Dictionary<string, JsonElement> { ["attempt"] = JsonSerializer.SerializeToElement(1) });
        var clean = LogEntrySanitizer.Sanitize(entry);
        Assert.Multiple(() =>
        {
            Assert.That(clean.Message, Is.EqualTo("plain \U0001F600"));
            Assert.That(clean.Properties!["attempt"].GetInt32(), Is.EqualTo(1));
        });
    }
}
